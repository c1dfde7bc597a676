export * from "./services/admins.ts";
export * from "./services/projects.ts";
export * from "./services/tokens.ts";
export { hashPassword, verifyPassword } from "./services/passwords.ts";
export { generateProjectToken, PROJECT_TOKEN_PATTERN } from "./services/token-generator.ts";
