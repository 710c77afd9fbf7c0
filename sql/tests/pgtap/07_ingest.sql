-- public.ingest_calorie_events: a batch is stored whole or not at all, answered in request
-- order; a retried id is answered (inserted = false) and never stored twice; an id held by
-- another account refuses the whole batch with 23505 naming it; rollups count each event once.
begin;
set search_path = public, extensions;
select plan(17);

insert into auth.users (id, email) values
  ('bbbbbbbb-0000-4000-8000-000000000001', 'ia@test'),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'ib@test');
insert into public.users (id, email, username) values
  ('bbbbbbbb-0000-4000-8000-000000000001', 'ia@test', 'ia_t'),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'ib@test', 'ib_t');

set local role authenticated;
select set_config('request.jwt.claims', '{"sub":"bbbbbbbb-0000-4000-8000-000000000002","role":"authenticated"}', true);
select ingest_calorie_events('[{"id": "cccccccc-0000-4000-8000-0000000000b1", "event_type": "consumed",
  "calories_amount": 10, "event_timestamp": "2025-06-01T08:00:00Z"}]');

select set_config('request.jwt.claims', '{"sub":"bbbbbbbb-0000-4000-8000-000000000001","role":"authenticated"}', true);

create temp table first_answer as
select * from ingest_calorie_events('[
  {"id": "cccccccc-0000-4000-8000-0000000000a1", "event_type": "consumed", "calories_amount": 500.25,
   "event_timestamp": "2025-06-01T08:10:00Z", "metadata": {"meal": "breakfast"}},
  {"event_type": "burned_exercise", "calories_amount": 120, "event_timestamp": "2025-06-01T08:20:00Z",
   "source": "fitness_tracker"},
  {"id": null, "event_type": "weight", "calories_amount": 71.5, "event_timestamp": "2025-06-01T07:00:00Z",
   "source": "smart_scale"},
  {"id": "cccccccc-0000-4000-8000-0000000000a2", "event_type": "burned_bmr", "calories_amount": 70,
   "event_timestamp": "2025-06-01T09:00:00Z", "source": "fitness_tracker"}
]') with ordinality as a(id, user_id, event_type, calories_amount, event_timestamp, metadata, source, created_at, inserted, n);

select is((select count(*) from first_answer where inserted), 4::bigint, 'a new batch: every event inserted');
select is((select string_agg(event_type, ',' order by n) from first_answer), 'consumed,burned_exercise,weight,burned_bmr',
  'answered in request order');
select is((select id from first_answer where n = 1), 'cccccccc-0000-4000-8000-0000000000a1'::uuid, 'the client''s id is kept');
select is((select count(*) from first_answer where id is null or user_id <> 'bbbbbbbb-0000-4000-8000-000000000001'), 0::bigint,
  'ids generated where absent or null; user_id is the caller');
select is((select metadata from first_answer where n = 1), '{"meal": "breakfast"}'::jsonb, 'metadata stored');
select is((select metadata || jsonb_build_object('source', source) from first_answer where n = 2),
  '{"source": "fitness_tracker"}'::jsonb, 'metadata defaults to {}; source as given');
select is((select source from calorie_events where id = 'cccccccc-0000-4000-8000-0000000000a2'), 'fitness_tracker', 'stored');

-- A retry of part of the batch, plus one new event and an id given twice.
create temp table retry_answer as
select * from ingest_calorie_events('[
  {"id": "cccccccc-0000-4000-8000-0000000000a2", "event_type": "burned_bmr", "calories_amount": 70,
   "event_timestamp": "2025-06-01T09:00:00Z", "source": "fitness_tracker"},
  {"id": "cccccccc-0000-4000-8000-0000000000a3", "event_type": "consumed", "calories_amount": 5,
   "event_timestamp": "2025-06-01T09:05:00Z"},
  {"id": "cccccccc-0000-4000-8000-0000000000a1", "event_type": "consumed", "calories_amount": 500.25,
   "event_timestamp": "2025-06-01T08:10:00Z"},
  {"id": "cccccccc-0000-4000-8000-0000000000a3", "event_type": "consumed", "calories_amount": 5,
   "event_timestamp": "2025-06-01T09:05:00Z"}
]') with ordinality as a(id, user_id, event_type, calories_amount, event_timestamp, metadata, source, created_at, inserted, n);

select is((select string_agg(right(id::text, 2) || ':' || inserted, ',' order by n) from retry_answer), 'a2:false,a3:true,a1:false',
  'a retry answers stored ids with inserted = false, each distinct id once, in request order');
select is((select metadata from retry_answer where id = 'cccccccc-0000-4000-8000-0000000000a1'), '{"meal": "breakfast"}'::jsonb,
  'a retried id is answered as stored');
select is((select count(*) from calorie_events where user_id = 'bbbbbbbb-0000-4000-8000-000000000001'), 5::bigint,
  'nothing stored twice');
select is((select sum(consumed_count + burned_exercise_count + burned_bmr_count + weight_count)
             from calorie_event_slots where user_id = 'bbbbbbbb-0000-4000-8000-000000000001'), 5::bigint,
  'rollups count each stored event once');

-- Another account's id: the whole batch is refused, naming the id.
select throws_ok($$select * from ingest_calorie_events('[
  {"id": "cccccccc-0000-4000-8000-0000000000a4", "event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-06-01T10:00:00Z"},
  {"id": "cccccccc-0000-4000-8000-0000000000b1", "event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-06-01T10:00:00Z"}
]')$$, '23505', 'event id cccccccc-0000-4000-8000-0000000000b1 is already in use', 'another account''s id: 23505 naming it');
select is((select count(*) from calorie_events where id = 'cccccccc-0000-4000-8000-0000000000a4'), 0::bigint,
  'nothing of the refused batch is stored');

-- One bad event: nothing stored.
select throws_ok($$select * from ingest_calorie_events('[
  {"id": "cccccccc-0000-4000-8000-0000000000a5", "event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-06-01T10:00:00Z"},
  {"event_type": "snack", "calories_amount": 1, "event_timestamp": "2025-06-01T10:00:00Z"}
]')$$, '23514', null, 'an unknown event type refuses the batch');
select is((select count(*) from calorie_events where id = 'cccccccc-0000-4000-8000-0000000000a5'), 0::bigint,
  'nothing of a batch with a bad event is stored');
select throws_ok($$select * from ingest_calorie_events('{"event_type": "consumed"}')$$, '22023',
  'p_events must be a JSON array of events', 'p_events must be an array');

select set_config('request.jwt.claims', '', true);
select throws_ok($$select * from ingest_calorie_events('[]')$$, '42501', 'ingest_calorie_events needs a signed-in user',
  'no signed-in user: 42501');

select * from finish();
rollback;
