// Child process for the migration tests: opens the database the way a server does and
// prints what it applied, so concurrency is tested across real processes.
import { openDatabase } from "../src/index.ts";

const database = await openDatabase({
  databaseUrl: process.env.TEST_DATABASE_URL,
  dataDir: process.env.TEST_DATA_DIR ?? "",
});
console.log(JSON.stringify(database.migrations));
if (process.env.TEST_HOLD_OPEN) {
  console.log("open");
  // Stay open until the parent kills us.
  setInterval(() => undefined, 1_000);
} else {
  await database.close();
}
