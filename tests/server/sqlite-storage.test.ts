import { openSqliteStorage } from '../../server/src/sqlite-storage.js';
import { storageContract } from './storage-contract.js';

storageContract('SQLite', { open: async (dataDir) => openSqliteStorage(dataDir) });
