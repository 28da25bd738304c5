/** Global setup of the fault suite: starts a fresh results file; prints the table at the end. */
import { clearRows, TABLE_FILE, writeTable } from './fault-table.js';

export default function setup(): () => void {
  clearRows();
  return () => {
    const table = writeTable();
    process.stdout.write(`\nFault suite (also in ${TABLE_FILE}):\n\n${table}\n\n`);
  };
}
