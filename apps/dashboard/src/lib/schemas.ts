// Only the schemas module: the package's index also exports server code that must not reach
// the browser bundle.
export {
  credentialsSchema,
  originSchema,
  projectNameSchema,
  tokenLabelSchema,
  liveKinds,
} from "../../../../packages/api/src/schemas.ts";
