-- Two demo users for local development (`make dev`). Never applied to Supabase: real users come
-- from Supabase Auth. Idempotent.
insert into auth.users (id, aud, role, email, email_confirmed_at)
values
  ('00000000-0000-4000-8000-00000000a11c', 'authenticated', 'authenticated', 'alice@example.com', now()),
  ('00000000-0000-4000-8000-000000000b0b', 'authenticated', 'authenticated', 'bob@example.com', now())
on conflict (id) do nothing;

insert into public.users (id, email, username)
values
  ('00000000-0000-4000-8000-00000000a11c', 'alice@example.com', 'alice'),
  ('00000000-0000-4000-8000-000000000b0b', 'bob@example.com', 'bob')
on conflict (id) do nothing;
