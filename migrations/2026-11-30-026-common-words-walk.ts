import { sql, type Kysely } from "kysely";

// Frozen in time: no app imports, Kysely<any>.
//
// A common word goes straight to the queue's walk (ADR 048). recourse_search_ids (migration 018)
// fetched up to cap + 1 matching case ids from the GIN index of case_search and returned null
// when there were more: for a word in a fifth of all cases that read the word's whole posting
// list (a bitmap) only to throw it away, 2.7 to 3.7 ms of every common-word search at 100,000
// cases. The officer's word search now asks the planner first: when its estimate (the column's
// element statistics, which know the common words) is over twice the cap, the answer is null
// (walk) without reading the index. An estimate that is wrong only chooses the slower path;
// either path finds the same cases. EXPLAIN inside a function needs it volatile; it is called
// on its own, never inside another query's plan. Liaisons' searches are unchanged: their
// client's few hundred cases are read either way.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function recourse_search_ids(kind text, term text, cap integer) returns uuid[]
    language plpgsql volatile security definer set search_path = public, pg_catalog
    as $$
    declare
      actor_role text := recourse_actor_role();
      actor_client uuid := recourse_actor_client_id();
      sees_all boolean := coalesce(actor_role in ('officer', 'system'), false);
      scope text;
      hits uuid[];
      plan json;
    begin
      if sees_all then scope := 'true';
      elsif actor_role = 'liaison' and actor_client is not null then scope := 'c.client_id = $2';
      else return '{}';
      end if;
      if kind = 'words' then
        if sees_all then
          execute 'explain (format json) select s.case_id from case_search s
              where s.every @@ plainto_tsquery(''english''::regconfig, $1) or s.every @@ plainto_tsquery(''simple''::regconfig, $1)'
            into plan using term;
          if (plan -> 0 -> 'Plan' ->> 'Plan Rows')::float8 > 2 * cap then return null; end if;
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
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function recourse_search_ids(kind text, term text, cap integer) returns uuid[]
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
}
