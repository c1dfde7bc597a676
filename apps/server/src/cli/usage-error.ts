/** A command called wrongly: the CLI prints the command's usage after the message. */
export class UsageError extends Error {
  override name = "UsageError";
}
