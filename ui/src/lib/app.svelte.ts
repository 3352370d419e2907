// The UI's shared state: where the app stands, the catalog, the current view, notices.
// Locking clears everything that came from the binder.
import { api, type AppStatus, type KindInfo, type SyncLine, type Theme } from '../api';

export type Route =
  | { view: 'home' }
  | { view: 'kind'; kind: string }
  | { view: 'record'; id: string }
  | { view: 'new'; kind: string; preset?: Record<string, string> }
  | { view: 'sections'; id?: string }
  | { view: 'calltree' }
  | { view: 'impact' }
  | { view: 'depmap' }
  | { view: 'checklists' }
  | { view: 'history' }
  | { view: 'readiness' }
  | { view: 'examples' }
  | { view: 'sync' }
  | { view: 'import' }
  | { view: 'print' }
  | { view: 'incidents' }
  | { view: 'incident'; id: string }
  | { view: 'review' }
  | { view: 'settings' }
  | { view: 'team' }
  | { view: 'keys' }
  | { view: 'pocket' }
  | { view: 'transfer' }
  | { view: 'takeover' };

export interface Notice {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

class AppStore {
  status = $state<AppStatus | null>(null);
  catalog = $state<KindInfo[]>([]);
  route = $state<Route>({ view: 'home' });
  notices = $state<Notice[]>([]);
  searchOpen = $state(false);
  /** The sync status line (the app syncs by itself). */
  syncLine = $state<SyncLine | null>(null);
  /** Bumped after every change, so views reload what they show. */
  revision = $state(0);
  private nextNotice = 1;

  kind(name: string): KindInfo | undefined {
    return this.catalog.find((k) => k.name === name);
  }

  go(route: Route) {
    this.route = route;
  }

  changed() {
    this.revision += 1;
  }

  notify(text: string, kind: 'info' | 'error' = 'info') {
    const id = this.nextNotice++;
    this.notices = [...this.notices, { id, text, kind }];
    setTimeout(() => this.dismiss(id), kind === 'error' ? 8000 : 3500);
  }

  dismiss(id: number) {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** Takes a new status from Rust; leaving "unlocked" drops every piece of binder data. */
  setStatus(status: AppStatus) {
    const wasOpen = this.status?.stage === 'unlocked';
    this.status = status;
    if (status.stage !== 'unlocked') {
      this.searchOpen = false;
      this.notices = [];
      this.syncLine = null;
      if (wasOpen) {
        this.route = { view: 'home' };
        this.revision += 1;
      }
    }
    applyTheme(status.settings.theme);
  }

  async refresh() {
    this.setStatus(await api.appStatus());
  }
}

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
let chosenTheme: Theme = 'auto';

/** Sets the page's theme: the one chosen, or the system's when "auto". */
function applyTheme(theme: Theme) {
  chosenTheme = theme;
  const dark = theme === 'dark' || (theme === 'auto' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
systemDark.addEventListener('change', () => applyTheme(chosenTheme));

export const app = new AppStore();
