/**
 * Windows-1252 ("cp1252"), the encoding most often involved in mojibake. Node's TextDecoder treats
 * the `windows-1252` label as Latin-1 on some builds, so the 0x80–0x9F block is spelled out here.
 */

/** Code points of bytes 0x80–0x9F. The five bytes cp1252 leaves undefined map to the C1 control of the same value, as browsers do. */
const HIGH_CONTROL_BLOCK: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const BYTE_OF_CHAR = new Map<number, number>(HIGH_CONTROL_BLOCK.map((code, i) => [code, 0x80 + i]));

/** The cp1252 byte that decodes to `codePoint`, or null for characters cp1252 cannot encode (ASCII included: it never takes part in mojibake). */
export function cp1252ByteOf(codePoint: number): number | null {
  const special = BYTE_OF_CHAR.get(codePoint);
  if (special !== undefined) return special;
  if (codePoint >= 0x80 && codePoint <= 0xff) return codePoint;
  return null;
}

/** Decode bytes as Windows-1252. */
export function decodeCp1252(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) {
    const code = byte >= 0x80 && byte <= 0x9f ? (HIGH_CONTROL_BLOCK[byte - 0x80] ?? byte) : byte;
    text += String.fromCharCode(code);
  }
  return text;
}
