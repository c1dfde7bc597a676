import type pg from "pg";

/** The listening connection's name, by which processes count each other in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = "inlet-live-listener";

const COUNT_LISTENERS = `
  SELECT count(*)::int AS listeners FROM pg_stat_activity
  WHERE application_name = $1 AND datname = current_database()`;

/** How long a new process waits for the others to say they will notify it. */
const WELCOME_TIMEOUT_MS = 250;

/**
 * Whether any other Inlet process listens on this database's Live channel. Alone, a
 * process delivers Live items in-process only: a NOTIFY would travel to PostgreSQL and
 * back to this process alone, a round trip and the items' JSON twice per commit.
 *
 * A process that starts listening counts the listeners, then says hello; each process
 * that hears it notifies from then on and welcomes the newcomer, and the newcomer is
 * ready only once every process it counted has welcomed it (or a quarter of a second passed). So an
 * item acknowledged after a process is ready reaches it, as before. The count is
 * repeated now and then, so that a process whose peers stopped is alone again.
 */
export class LivePeers {
  #present = false;
  /** Hellos heard: a count begun before the latest hello must not clear `present`. */
  #hellos = 0;
  #welcomes = 0;
  #onWelcome: (() => void) | null = null;

  constructor(
    private readonly origin: string,
    private readonly notify: (payload: string) => Promise<unknown>,
  ) {}

  get present(): boolean {
    return this.#present;
  }

  /** After LISTEN: count the others, greet them, and wait for their welcome. */
  async greet(client: pg.Client): Promise<void> {
    const others = (await this.count(client)) - 1;
    if (others <= 0) return;
    this.#present = true;
    this.#welcomes = 0;
    const welcomed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, WELCOME_TIMEOUT_MS);
      this.#onWelcome = () => {
        if (++this.#welcomes < others) return;
        clearTimeout(timer);
        resolve();
      };
    });
    await this.notify(JSON.stringify({ origin: this.origin, items: [], hello: this.origin }));
    await welcomed;
    this.#onWelcome = null;
  }

  /** When the others cannot be counted: notify, as if they were there. */
  assumePresent(): void {
    this.#present = true;
  }

  /** Re-counts the listeners; a hello heard meanwhile wins over an older count. */
  async recount(client: pg.Client): Promise<void> {
    const hellos = this.#hellos;
    const listeners = await this.count(client);
    if (listeners > 1) this.#present = true;
    else if (hellos === this.#hellos) this.#present = false;
  }

  /** A notification's envelope fields that concern peers (other processes' only). */
  heard(envelope: { hello?: string; welcome?: string }): void {
    if (envelope.hello !== undefined) {
      this.#hellos++;
      this.#present = true;
      const welcome = { origin: this.origin, items: [], welcome: envelope.hello };
      void this.notify(JSON.stringify(welcome)).catch(() => undefined);
    }
    if (envelope.welcome === this.origin) this.#onWelcome?.();
  }

  private async count(client: pg.Client): Promise<number> {
    const { rows } = await client.query<{ listeners: number }>(COUNT_LISTENERS, [
      LISTENER_APPLICATION_NAME,
    ]);
    return rows[0]?.listeners ?? 0;
  }
}
