import { Migration } from '@mikro-orm/migrations';

/**
 * A render job someone has asked for (a download that found the PDF still queued) is rendered before the rest of the
 * queue: `asked_at` orders those jobs among themselves, ahead of every job nobody is waiting for.
 */
export class Migration0010AskedFirst extends Migration {
  override up(): void {
    this.addSql(`alter table render_job add column asked_at timestamptz`);
  }
}
