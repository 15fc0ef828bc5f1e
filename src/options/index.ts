// The options page: the whole library as a table, import/export, storage figures, settings.
import './options.css';
import { applyCachedTheme } from '../app/ui/theme';
import { byId } from '../app/ui/dom';
import { createToaster } from '../app/ui/toast';
import { db } from './db';
import { showLibrary } from './library';
import { showBulkActions } from './bulk';
import { showTransfer } from './transfer';
import { showStorage } from './storage';
import { showSettings } from './settings';

applyCachedTheme();

function start(): void {
  const toaster = createToaster(byId('toast'), () => byId('table'));
  showSettings(db, toaster);
  const library = showLibrary(db, toaster);
  showBulkActions(db, toaster, library);
  showTransfer(db, toaster);
  showStorage(db);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
