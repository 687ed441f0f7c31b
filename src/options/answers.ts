import type {
  AuthMode,
  CommentStyle,
  DataAccess,
  Database,
  ErrorFormat,
  IdType,
  JwtLibrary,
  Layout,
  Migrations,
  Orm,
  Pagination,
  PasswordHasher,
  RefreshStorage,
} from "../conventions/vocabulary.js";

/** Every answer the generator needs: the keys of the answers file and of `.yo-rc.json`. */
export interface Answers {
  projectName: string;
  packageName: string;
  pythonVersion: string;
  outputDir: string;
  orm: Orm;
  database: Database;
  migrations: Migrations;
  auth: AuthMode;
  refreshTokens: boolean;
  refreshTokenStorage: RefreshStorage;
  passwordHashing: PasswordHasher;
  jwtLibrary: JwtLibrary;
  layout: Layout;
  routersDir: string;
  services: boolean;
  dataAccess: DataAccess;
  idType: IdType;
  timestamps: boolean;
  softDelete: boolean;
  pagination: Pagination;
  paginationEnvelope: string[];
  filtering: boolean;
  apiPrefix: string;
  userIsolation: boolean;
  rbac: boolean;
  rateLimiting: boolean;
  accountLockout: boolean;
  cors: boolean;
  errorFormat: ErrorFormat;
  healthCheck: boolean;
  comments: CommentStyle;
  sampleResource: string;
}

export type AnswerValue = Answers[keyof Answers];
