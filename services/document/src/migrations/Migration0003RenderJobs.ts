import { Migration } from '@mikro-orm/migrations';

/**
 * Render jobs: one per issued document revision, recorded by the event consumers
 * in the same transaction as the event's processing, worked by the render loop
 * with capped exponential backoff until the PDF is stored (done_at set).
 */
export class Migration0003RenderJobs extends Migration {
  override up(): void {
    this.addSql(`create table render_job (
      number text not null,
      revision int not null,
      kind text not null,
      attempts int not null default 0,
      last_error text null,
      next_attempt_at timestamptz not null default now(),
      done_at timestamptz null,
      created_at timestamptz not null default now(),
      primary key (number, revision))`);
    this.addSql(`create index render_job_due on render_job (next_attempt_at) where done_at is null`);
  }
}
