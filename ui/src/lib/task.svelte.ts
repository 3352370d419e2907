// The two things every view does with Rust: load what it shows (again whenever the binder
// changes), and run an action (busy while it runs, its error in words, the binder refreshed
// after). One place for the try / catch / busy every view used to repeat.
import { ApiError, messageOf } from '../api';
import { app } from './app.svelte';

/** What a view shows, loaded now and again after every change (and when what `fetch` reads
 * changes, e.g. the kind a table is of). Create it while the component initialises. */
export class Loaded<T> {
  value = $state<T | null>(null);
  error = $state('');

  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly onLoad?: (value: T) => void,
  ) {
    $effect(() => {
      void app.revision;
      this.load();
    });
  }

  /** Loads again now. */
  load() {
    this.fetch()
      .then((value) => {
        this.value = value;
        this.error = '';
        this.onLoad?.(value);
      })
      .catch((e) => (this.error = messageOf(e)));
  }
}

/** An action a person starts: `busy` while it runs, `error` when it fails; on success every view
 * reloads (and `done`, if given, is shown as a notice). */
export class Action {
  busy = $state(false);
  error = $state('');
  /** The form field the last error is about (`path`, `shared_path`…), to mark it invalid. */
  field = $state<string | null>(null);

  async run<T>(f: () => Promise<T>, done?: string): Promise<T | undefined> {
    this.busy = true;
    this.error = '';
    this.field = null;
    try {
      const out = await f();
      app.changed();
      if (done) app.notify(done);
      return out;
    } catch (e) {
      this.error = messageOf(e);
      this.field = e instanceof ApiError ? e.field : null;
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
