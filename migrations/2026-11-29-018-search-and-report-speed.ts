import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// Search and reports fast at 100,000 cases (issue 9 parts 1-3 speed, issue 5's targets; ADR 030).
//
// 1. case_search: one row per case holding two stored, GIN-indexed word sets (tsvector, without
//    positions): `every`, the words of everything about the case (the complaint, the
//    complainant's name, every message whatever its audience), for the officer and the system
//    identity; `shared`, the words a liaison of the case's client may read (the complaint, the
//    name, parties' messages and the staff notes written for the case's current client, never an
//    internal note). Triggers keep it in the same transaction as every change of the texts, so a
//    reassignment, a new note, an edited or anonymised text are searchable, or no longer, at once.
// 2. recourse_search_ids / recourse_search_match: the search functions that state the walls.
//    The first returns the matching case ids when there are at most `cap` of them (a rare word:
//    the GIN index answers, the queue then reads those cases); null when there are more (a common
//    word: the queue walks its own sort order and tests each case with recourse_search_match,
//    stopping after one page).
// 3. case_facts and deadline_facts: the narrow facts the dashboard and the annual report count,
//    one row per case and per deadline, kept by triggers in the same transaction as the change
//    of the case, its deadlines or its timeline. The reports count them instead of the wide case
//    rows, the deadline texts and the whole timeline.
//
// Every row of these tables derives from case data, so each gets row-level security as ADR 018
// says, the officer's and the system's only: case_search holds words of internal notes, and the
// facts serve the officer's reports. The app reaches case_search only through the search
// functions, which state the walls for liaisons themselves.

const CAP = 50_000; // a case's word set stops growing at this many distinct words (a tsvector holds at most 1 MB)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // ------------------------------------------------------------------------------------------------
  // search
  // ------------------------------------------------------------------------------------------------
  await sql`
    create table case_search (
      case_id uuid primary key references cases (id) on delete cascade,
      every tsvector not null default ''::tsvector,
      shared tsvector not null default ''::tsvector
    )`.execute(db);
  await sql`create index case_search_every on case_search using gin (every)`.execute(db);
  await sql`create index case_search_shared on case_search using gin (shared)`.execute(db);
  await sql`alter table case_search enable row level security`.execute(db);
  await sql`create policy case_search_actor on case_search to recourse_app using ((select recourse_actor_sees_all()))`.execute(db);

  // The words of the given cases, computed whole: the complaint ('english': "deleted" finds
  // "delete"), the complainant's name ('simple': names are not stemmed) and the messages.
  await sql.raw(`
    create function recourse_search_refresh(ids uuid[]) returns void
    language sql volatile security definer set search_path = public, pg_catalog
    as $$
      insert into case_search as s (case_id, every, shared)
      select c.id, coalesce(w.every, ''::tsvector), coalesce(w.shared, ''::tsvector)
      from cases c
      left join lateral (
        select array_to_tsvector((array_agg(distinct t.lexeme))[1:${CAP}]) as every,
          array_to_tsvector(coalesce((array_agg(distinct t.lexeme) filter (where t.shared))[1:${CAP}], '{}')) as shared
        from (
          select l.lexeme, true as shared from unnest(to_tsvector('english'::regconfig, c.description || ' ' || c.desired_outcome)) l
          union all
          select l.lexeme, true from users u, unnest(to_tsvector('simple'::regconfig, u.name)) l where u.id = c.complainant_id
          union all
          select l.lexeme, coalesce(m.audience = 'parties' or (m.audience = 'staff' and m.client_id = c.client_id), false)
          from messages m, unnest(to_tsvector('english'::regconfig, m.body)) l where m.case_id = c.id
        ) t
      ) w on true
      where c.id = any(ids)
      on conflict (case_id) do update set every = excluded.every, shared = excluded.shared
    $$`).execute(db);

  // New cases (a statement may insert many: the benchmark's seed, a bulk import).
  await sql`
    create function case_search_cases_added() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      perform recourse_search_refresh(array(select id from new_cases));
      return null;
    end $$`.execute(db);
  await sql`create trigger case_search_cases_added after insert on cases
    referencing new table as new_cases for each statement execute function case_search_cases_added()`.execute(db);

  // A changed complaint, complainant or client (a reassignment changes which staff notes a
  // liaison of the case may read): the case's words are computed again.
  await sql`
    create function case_search_case_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      perform recourse_search_refresh(array[new.id]);
      return null;
    end $$`.execute(db);
  await sql`create trigger case_search_case_changed after update of description, desired_outcome, client_id, complainant_id on cases
    for each row when (old.description is distinct from new.description or old.desired_outcome is distinct from new.desired_outcome
      or old.client_id is distinct from new.client_id or old.complainant_id is distinct from new.complainant_id)
    execute function case_search_case_changed()`.execute(db);

  // A renamed (or anonymised) complainant: the words of their cases.
  await sql`
    create function case_search_name_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      perform recourse_search_refresh(array(select id from cases where complainant_id = new.id));
      return null;
    end $$`.execute(db);
  await sql`create trigger case_search_name_changed after update of name on users
    for each row when (old.name is distinct from new.name) execute function case_search_name_changed()`.execute(db);

  // New messages add their words (the common path: one message, a few new words). A case whose
  // row is missing (its insert ran with triggers off, as the seed's replica mode does) is
  // computed whole. Nothing is written when the message brings no new word.
  await sql.raw(`
    create function case_search_messages_added() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      perform recourse_search_refresh(array(
        select distinct m.case_id from new_messages m where not exists (select 1 from case_search s where s.case_id = m.case_id)));
      update case_search s
      set every = case when length(s.every) >= ${CAP} then s.every else s.every || n.every end,
        shared = case when length(s.shared) >= ${CAP} then s.shared else s.shared || n.shared end
      from (
        select m.case_id,
          array_to_tsvector(array_agg(distinct l.lexeme)) as every,
          array_to_tsvector(coalesce(array_agg(distinct l.lexeme) filter (
            where m.audience = 'parties' or (m.audience = 'staff' and m.client_id = c.client_id)), '{}')) as shared
        from new_messages m join cases c on c.id = m.case_id, unnest(to_tsvector('english'::regconfig, m.body)) l
        group by m.case_id
      ) n
      where s.case_id = n.case_id
        and (length(s.every || n.every) <> length(s.every) or length(s.shared || n.shared) <> length(s.shared));
      return null;
    end $$`).execute(db);
  await sql`create trigger case_search_messages_added after insert on messages
    referencing new table as new_messages for each statement execute function case_search_messages_added()`.execute(db);

  // An edited, moved or anonymised message, or a deleted one: its cases are computed whole.
  await sql`
    create function case_search_messages_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      perform recourse_search_refresh(array(
        select x.case_id from old_messages o join new_messages n on n.id = o.id, lateral (values (o.case_id), (n.case_id)) x (case_id)
        where o.body is distinct from n.body or o.audience is distinct from n.audience
          or o.client_id is distinct from n.client_id or o.case_id is distinct from n.case_id
        group by x.case_id));
      return null;
    end $$`.execute(db);
  await sql`create trigger case_search_messages_changed after update on messages
    referencing old table as old_messages new table as new_messages for each statement execute function case_search_messages_changed()`.execute(db);
  await sql`
    create function case_search_messages_removed() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      perform recourse_search_refresh(array(select distinct case_id from old_messages));
      return null;
    end $$`.execute(db);
  await sql`create trigger case_search_messages_removed after delete on messages
    referencing old table as old_messages for each statement execute function case_search_messages_removed()`.execute(db);

  // The search itself (replacing migration 013's, which built the whole match set). Both state the
  // walls as migration 013's did: the officer and the system search `every`; a liaison searches
  // `shared` of their client's cases; anyone else finds nothing. Words match a case when every
  // word occurs somewhere in what the reader may read of it (plainto_tsquery: all words).
  //
  // recourse_search_ids: the matching cases when there are at most `cap`, else null. EXECUTE
  // plans each call with its values, so the planner chooses between the GIN index (a rare word,
  // the officer) and the client's few hundred cases (a liaison) by the word's statistics.
  await sql`drop function if exists recourse_search_words(text)`.execute(db);
  await sql`drop function if exists recourse_search_prefix(text, text)`.execute(db);
  await sql`
    create function recourse_search_ids(kind text, term text, cap integer) returns uuid[]
    language plpgsql stable security definer set search_path = public, pg_catalog
    as $$
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      sees_all boolean := coalesce(actor_role in ('officer', 'system'), false);
      scope text;
      hits uuid[];
    begin
      if sees_all then scope := 'true';
      elsif actor_role = 'liaison' and actor_client is not null then scope := 'c.client_id = $2';
      else return '{}';
      end if;
      if kind = 'words' then
        if sees_all then
          execute 'select array(select s.case_id from case_search s
              where s.every @@ plainto_tsquery(''english''::regconfig, $1) or s.every @@ plainto_tsquery(''simple''::regconfig, $1) limit $3)'
            into hits using term, actor_client, cap + 1;
        else
          execute 'select array(select s.case_id from case_search s join cases c on c.id = s.case_id
              where c.client_id = $2 and (s.shared @@ plainto_tsquery(''english''::regconfig, $1) or s.shared @@ plainto_tsquery(''simple''::regconfig, $1)) limit $3)'
            into hits using term, actor_client, cap + 1;
        end if;
      elsif kind = 'reference' then
        -- The pattern is a LIKE prefix the caller escaped; its value lets the text_pattern_ops index serve it.
        execute 'select array(select c.id from cases c where c.reference like $1 and ' || scope || ' limit $3)' into hits using term, actor_client, cap + 1;
      elsif kind = 'email' then
        execute 'select array(select c.id from users u join cases c on c.complainant_id = u.id where u.email like $1 and ' || scope || ' limit $3)'
          into hits using term, actor_client, cap + 1;
      else
        raise exception 'unknown search kind %', kind;
      end if;
      if cardinality(hits) > cap then return null; end if;
      return hits;
    end $$`.execute(db);
  // recourse_search_match: whether one case matches the words for this reader (the queue's walk).
  await sql`
    create function recourse_search_match(target uuid, words text) returns boolean
    language sql stable security definer set search_path = public, pg_catalog
    as $$
      select exists (
        select 1 from case_search s join cases c on c.id = s.case_id
        where s.case_id = target and (
          (recourse_actor_sees_all()
            and (s.every @@ plainto_tsquery('english'::regconfig, words) or s.every @@ plainto_tsquery('simple'::regconfig, words)))
          or (recourse_actor_role() = 'liaison' and c.client_id = recourse_actor_client_id()
            and (s.shared @@ plainto_tsquery('english'::regconfig, words) or s.shared @@ plainto_tsquery('simple'::regconfig, words)))))
    $$`.execute(db);
  for (const fn of ["recourse_search_ids(text, text, integer)", "recourse_search_match(uuid, text)", "recourse_search_refresh(uuid[])"]) {
    await sql.raw(`revoke all on function ${fn} from public`).execute(db);
  }
  for (const fn of ["recourse_search_ids(text, text, integer)", "recourse_search_match(uuid, text)"]) {
    await sql.raw(`grant execute on function ${fn} to recourse_app`).execute(db);
  }

  // The stored word sets replace migration 013's expression indexes, which every message and
  // every case paid for and the search no longer reads.
  for (const name of ["cases_search_text", "messages_search_text", "users_search_name"]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }

  // ------------------------------------------------------------------------------------------------
  // reports
  // ------------------------------------------------------------------------------------------------
  // case_facts: a case as the reports count it, under the cases' own column names, with what the
  // reports derive per case computed once here: the highest stage reached, the outcome, whether
  // an award was made and its remedies. deadline_facts: a deadline as the dashboard counts it,
  // with its case's filter columns copied (no join at read time) and its judgement as far as it
  // does not depend on "now": settled_at is the first of met, paused and left behind (the case
  // moved to another stage or ended), and settled_result what the deadline is from then on
  // (ADR 030 shows that this gives deadlineResult's answer for any now).
  await sql`
    create table case_facts (
      case_id uuid primary key references cases (id) on delete cascade,
      opened_at timestamptz not null,
      client_id uuid,
      framework text not null,
      stage text not null,
      status text not null,
      stages_visited text[] not null,
      reached text not null,
      outcome text not null,
      category text not null,
      country text not null,
      award boolean not null,
      remedies text[] not null,
      ended_at timestamptz
    )`.execute(db);
  await sql`
    create table deadline_facts (
      deadline_id uuid primary key references case_deadlines (id) on delete cascade,
      case_id uuid not null,
      opened_at timestamptz not null,
      client_id uuid,
      framework text not null,
      stage text not null,
      kind text not null,
      due_at timestamptz not null,
      settled_at timestamptz,
      settled_result text,
      met_days integer
    )`.execute(db);
  await sql`create index deadline_facts_case on deadline_facts (case_id)`.execute(db);
  // The reports are the officer's: the facts are the officer's and the system's only. Spelled as a
  // scalar subquery, the policy is evaluated once per query (an InitPlan), not per row, and the
  // planner costs the scans as it would without it (parallel, hashed aggregates).
  for (const table of ["case_facts", "deadline_facts"]) {
    await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_actor`)} on ${sql.table(table)} to recourse_app using ((select recourse_actor_sees_all()))`.execute(db);
  }

  const TERMINAL = `('resolved', 'withdrawn', 'closed')`;
  const ENDING = `('closed', 'withdrawn', 'answer_accepted', 'award_complied_with')`;
  // The expressions app/models/reports.server.ts used over cases before this migration.
  const caseFactsFrom = (source: string) => `
      insert into case_facts as f (case_id, opened_at, client_id, framework, stage, status, stages_visited, reached, outcome,
        category, country, award, remedies)
      select c.id, c.opened_at, c.client_id, c.framework, c.stage, c.status, c.stages_visited,
        case when 'arbitration' = any(c.stages_visited) then 'arbitration' when 'dma' = any(c.stages_visited) then 'dma'
          when 'company' = any(c.stages_visited) then 'company' else 'client' end,
        case when c.status not in ${TERMINAL} then 'open' when c.status = 'closed' then 'closed:' || coalesce(c.closure->>'kind', 'unfounded')
          else c.status end,
        c.category, c.country, coalesce(jsonb_typeof(c.arbitration->'award') = 'object', false),
        array(select jsonb_array_elements_text(case when jsonb_typeof(c.arbitration->'award'->'remedies') = 'array'
          then c.arbitration->'award'->'remedies' else '[]'::jsonb end))
      from ${source} c
      on conflict (case_id) do update set opened_at = excluded.opened_at, client_id = excluded.client_id, framework = excluded.framework,
        stage = excluded.stage, status = excluded.status, stages_visited = excluded.stages_visited, reached = excluded.reached,
        outcome = excluded.outcome, category = excluded.category, country = excluded.country, award = excluded.award,
        remedies = excluded.remedies
      where (f.opened_at, f.client_id, f.framework, f.stage, f.status, f.stages_visited, f.outcome, f.category, f.country, f.award, f.remedies)
        is distinct from (excluded.opened_at, excluded.client_id, excluded.framework, excluded.stage, excluded.status,
          excluded.stages_visited, excluded.outcome, excluded.category, excluded.country, excluded.award, excluded.remedies)`;
  await sql.raw(`
    create function recourse_deadline_facts(ids uuid[]) returns void
    language sql volatile security definer set search_path = public, pg_catalog
    as $$
      insert into deadline_facts as f (deadline_id, case_id, opened_at, client_id, framework, stage, kind, due_at, settled_at, settled_result, met_days)
      select d.id, d.case_id, c.opened_at, c.client_id, c.framework, d.stage, d.kind, d.due_at, s.settled_at,
        case when s.settled_at is null then null when s.settled_at > d.due_at then 'breached' when d.met_at = s.settled_at then 'met'
          when l.left_at = s.settled_at then 'lapsed' else 'running' end,
        case when d.met_at is not null then floor(extract(epoch from d.met_at - d.starts_at) / 86400)::int end
      from case_deadlines d join cases c on c.id = d.case_id,
        lateral (select least(
          case when c.status in ${TERMINAL} then c.updated_at end,
          case when d.stage <> c.stage then c.stage_entered_at end) as left_at) l,
        lateral (select least(d.met_at, d.paused_at, l.left_at) as settled_at) s
      where d.case_id = any(ids)
      on conflict (deadline_id) do update set case_id = excluded.case_id, opened_at = excluded.opened_at, client_id = excluded.client_id,
        framework = excluded.framework, stage = excluded.stage, kind = excluded.kind, due_at = excluded.due_at,
        settled_at = excluded.settled_at, settled_result = excluded.settled_result, met_days = excluded.met_days
      where (f.case_id, f.opened_at, f.client_id, f.framework, f.stage, f.kind, f.due_at, f.settled_at, f.settled_result, f.met_days)
        is distinct from (excluded.case_id, excluded.opened_at, excluded.client_id, excluded.framework, excluded.stage, excluded.kind,
          excluded.due_at, excluded.settled_at, excluded.settled_result, excluded.met_days)
    $$`).execute(db);

  // A new case: its facts. A changed case: its facts and its deadlines' (a case that moves on or
  // ends leaves its clocks behind; a reassignment changes their client).
  await sql.raw(`
    create function case_facts_cases_added() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin ${caseFactsFrom("new_cases")}; return null; end $$`).execute(db);
  await sql`create trigger case_facts_cases_added after insert on cases
    referencing new table as new_cases for each statement execute function case_facts_cases_added()`.execute(db);
  await sql.raw(`
    create function case_facts_cases_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      ${caseFactsFrom("new_cases")};
      perform recourse_deadline_facts(array(select id from new_cases));
      return null;
    end $$`).execute(db);
  await sql`create trigger case_facts_cases_changed after update on cases
    referencing new table as new_cases for each statement execute function case_facts_cases_changed()`.execute(db);
  for (const event of ["insert", "update"] as const) {
    await sql.raw(`
      create function deadline_facts_${event}() returns trigger
      language plpgsql security definer set search_path = public, pg_catalog
      as $$ begin perform recourse_deadline_facts(array(select distinct case_id from new_deadlines)); return null; end $$`).execute(db);
    await sql.raw(`create trigger deadline_facts_${event} after ${event} on case_deadlines
      referencing new table as new_deadlines for each statement execute function deadline_facts_${event}()`).execute(db);
  }
  // When a case ended: its latest ending event (the timeline is append-only, so the latest so far
  // only ever moves later).
  await sql.raw(`
    create function case_facts_ended() returns trigger
    language plpgsql security definer set search_path = public, pg_catalog
    as $$ begin
      update case_facts f set ended_at = greatest(f.ended_at, e.at)
      from (select case_id, max(created_at) as at from new_events where type in ${ENDING} group by case_id) e
      where f.case_id = e.case_id;
      return null;
    end $$`).execute(db);
  await sql`create trigger case_facts_ended after insert on case_events
    referencing new table as new_events for each statement execute function case_facts_ended()`.execute(db);

  // Everything again from the source tables: the backfill below, and the benchmark's seed after a
  // load that ran with triggers off (replica mode).
  await sql.raw(`
    create function recourse_facts_rebuild() returns void
    language plpgsql volatile security definer set search_path = public, pg_catalog
    as $$ begin
      ${caseFactsFrom("cases")};
      update case_facts f set ended_at = e.at
      from (select case_id, max(created_at) as at from case_events where type in ${ENDING} group by case_id) e
      where f.case_id = e.case_id and f.ended_at is distinct from e.at;
      perform recourse_deadline_facts(array(select id from cases));
      perform recourse_search_refresh(array(select id from cases));
    end $$`).execute(db);
  for (const fn of ["recourse_facts_rebuild()", "recourse_deadline_facts(uuid[])"]) {
    await sql.raw(`revoke all on function ${fn} from public`).execute(db);
  }
  await sql`select recourse_facts_rebuild()`.execute(db);
  await sql`analyze case_search`.execute(db);
  await sql`analyze case_facts`.execute(db);
  await sql`analyze deadline_facts`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists case_facts_ended on case_events`.execute(db);
  for (const event of ["insert", "update"]) await sql.raw(`drop trigger if exists deadline_facts_${event} on case_deadlines`).execute(db);
  await sql`drop trigger if exists case_facts_cases_added on cases`.execute(db);
  await sql`drop trigger if exists case_facts_cases_changed on cases`.execute(db);
  await sql`drop trigger if exists case_search_cases_added on cases`.execute(db);
  await sql`drop trigger if exists case_search_case_changed on cases`.execute(db);
  await sql`drop trigger if exists case_search_name_changed on users`.execute(db);
  for (const t of ["added", "changed", "removed"]) await sql.raw(`drop trigger if exists case_search_messages_${t} on messages`).execute(db);
  await sql`drop table if exists deadline_facts`.execute(db);
  await sql`drop table if exists case_facts`.execute(db);
  await sql`drop table if exists case_search`.execute(db);
  // Migration 013's expression indexes (its search functions come back by running 013 again).
  await sql`create index if not exists cases_search_text on cases using gin (to_tsvector('english'::regconfig, description || ' ' || desired_outcome))`.execute(db);
  await sql`create index if not exists messages_search_text on messages using gin (to_tsvector('english'::regconfig, body))`.execute(db);
  await sql`create index if not exists users_search_name on users using gin (to_tsvector('simple'::regconfig, name))`.execute(db);
  await sql`drop function if exists recourse_facts_rebuild()`.execute(db);
  await sql`drop function if exists recourse_deadline_facts(uuid[])`.execute(db);
  await sql`drop function if exists recourse_search_ids(text, text, integer)`.execute(db);
  await sql`drop function if exists recourse_search_match(uuid, text)`.execute(db);
  await sql`drop function if exists recourse_search_refresh(uuid[])`.execute(db);
  for (const f of ["case_facts_ended", "deadline_facts_insert", "deadline_facts_update", "case_facts_cases_added", "case_facts_cases_changed",
    "case_search_cases_added", "case_search_case_changed", "case_search_name_changed", "case_search_messages_added",
    "case_search_messages_changed", "case_search_messages_removed"]) {
    await sql.raw(`drop function if exists ${f}()`).execute(db);
  }
}
