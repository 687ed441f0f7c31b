"""Known-vulnerability audit of a generated project's resolved dependencies.

Usage: audit.py SITE_PACKAGES PROJECT   (run with the harness's tools interpreter, which has
pip-audit; PROJECT is the generated project's own distribution, which is not on PyPI)

Runs pip-audit on the installed distributions. pip-audit asks PyPI's per-version JSON API
(/pypi/NAME/VERSION/json); where that endpoint is unreachable (some mirrors and proxies only serve
/pypi/NAME/json) pip-audit skips the package. For those, this falls back to /pypi/NAME/json,
whose "vulnerabilities" describe the latest release: authoritative when the installed version is
the latest, which is what a fresh resolution installs. Anything audited by neither is listed.
Exit 1 on any known vulnerability, or when nothing at all could be audited.
"""

import json
import re
import subprocess
import sys
import urllib.request
from importlib.metadata import distributions
from pathlib import Path


def pip_audit(site_packages: str) -> list[dict[str, object]]:
    pip_audit_bin = Path(sys.executable).parent / "pip-audit"
    result = subprocess.run(
        [str(pip_audit_bin), "--path", site_packages, "-f", "json", "--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    if not result.stdout.strip():
        sys.exit(f"pip-audit produced no report:\n{result.stderr}")
    dependencies: list[dict[str, object]] = json.loads(result.stdout)["dependencies"]
    return dependencies


def latest_release_vulnerabilities(name: str, version: str) -> list[str] | None:
    """IDs of known vulnerabilities of name==version, or None if it cannot be told."""
    url = f"https://pypi.org/pypi/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (fixed https URL)
            data = json.load(response)
    except OSError:
        return None
    if data["info"]["version"] != version:
        return None
    return [str(v.get("id")) for v in data.get("vulnerabilities", [])]


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> int:
    site_packages, project = sys.argv[1], normalise(sys.argv[2])
    installed = {
        normalise(d.metadata["Name"]): d.version for d in distributions(path=[site_packages])
    }
    dependencies = [d for d in pip_audit(site_packages) if normalise(str(d["name"])) != project]
    vulnerable: list[str] = []
    audited = 0
    unaudited: list[str] = []
    for dep in dependencies:
        name = normalise(str(dep["name"]))
        version = str(dep.get("version") or installed.get(name, ""))
        if "skip_reason" not in dep:
            audited += 1
            vulns = dep.get("vulns", [])
            assert isinstance(vulns, list)
            vulnerable += [f"{name}=={version}: {v['id']}" for v in vulns]
            continue
        found = latest_release_vulnerabilities(name, version)
        if found is None:
            unaudited.append(f"{name}=={version}")
            continue
        audited += 1
        vulnerable += [f"{name}=={version}: {vid}" for vid in found]
    print(f"audited {audited} of {len(dependencies)} distributions (the project itself excluded)")
    if unaudited:
        print(f"could not audit (not the latest release, per-version API unreachable): {', '.join(unaudited)}")
    for line in vulnerable:
        print(f"VULNERABLE {line}")
    return 1 if vulnerable or audited == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
