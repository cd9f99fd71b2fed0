/**
 * Picks up edits of the configuration file (a PIN set by the CLI, a new or removed staff member or
 * device, a rule change for the next visits, changed limits) without a restart. A broken edit is
 * logged and the last good configuration stays.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { loadConfig, type Config } from './config.ts';
import { logger } from './logger.ts';

/** `onReload` runs after each good reload (to drop live connections the new file no longer allows). */
export function watchConfig(config: Config, onReload: () => void = () => undefined): () => void {
  const path = config.path;
  const onChange = () => {
    try {
      // Every module holds this one object, so updating it in place reaches all of them.
      Object.assign(config, loadConfig(path));
      logger.info({ path }, 'configuration reloaded');
      onReload();
    } catch (e) {
      logger.error({ path, err: (e as Error).message }, 'configuration change ignored: the file is not valid');
    }
  };
  watchFile(path, { interval: 1000 }, onChange);
  return () => unwatchFile(path, onChange);
}
