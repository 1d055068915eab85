-- One-time form tokens (issue 11: a form posted twice saves twice). Every page form carries a
-- fresh `_once` token; the first transaction of the post that commits claims it here, in the same
-- transaction as the work, so a second post of the same form (a double click, the back button, a
-- retry after a lost answer) finds it claimed and saves nothing. Two posts at once queue on the
-- primary key: the second waits for the first to commit or roll back. No case data: the token is
-- random and the row says only who sent a form when; rows older than a day are purged.
create table form_submission (
  token uuid primary key,
  user_id uuid references app_user(id),
  at timestamptz not null default now()
);
create index form_submission_at_idx on form_submission (at);

grant select, insert on form_submission to recolo_app;
