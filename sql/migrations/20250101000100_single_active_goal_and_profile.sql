-- At most one active calorie goal and one active metabolic profile per user, enforced by the
-- database.
--
-- A partial unique index makes a second active row impossible (23505). A BEFORE INSERT/UPDATE
-- trigger makes activation atomic: inserting an active row, or setting is_active on an old one,
-- deactivates the user's current active row in the same statement. The trigger takes a per-user
-- transaction advisory lock first, so two concurrent activations serialize (the later one wins,
-- the earlier one ends inactive) instead of failing on the unique index. The trigger functions
-- run as the caller (security invoker), so RLS still limits them to the caller's own rows.

create unique index calorie_goals_one_active_per_user on public.calorie_goals (user_id) where is_active;
create unique index metabolic_profiles_one_active_per_user on public.metabolic_profiles (user_id) where is_active;

create function private.deactivate_other_goals()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.is_active and (tg_op = 'INSERT' or not old.is_active or old.user_id <> new.user_id) then
    perform pg_catalog.pg_advisory_xact_lock(1129, pg_catalog.hashtext('calorie_goals:' || new.user_id::text));
    update public.calorie_goals
       set is_active = false
     where user_id = new.user_id and is_active and id <> new.id;
  end if;
  return new;
end
$$;
revoke all on function private.deactivate_other_goals() from public;

create function private.deactivate_other_metabolic_profiles()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.is_active and (tg_op = 'INSERT' or not old.is_active or old.user_id <> new.user_id) then
    perform pg_catalog.pg_advisory_xact_lock(1129, pg_catalog.hashtext('metabolic_profiles:' || new.user_id::text));
    update public.metabolic_profiles
       set is_active = false
     where user_id = new.user_id and is_active and id <> new.id;
  end if;
  return new;
end
$$;
revoke all on function private.deactivate_other_metabolic_profiles() from public;

create trigger calorie_goals_single_active
  before insert or update of is_active, user_id on public.calorie_goals
  for each row execute function private.deactivate_other_goals();
create trigger metabolic_profiles_single_active
  before insert or update of is_active, user_id on public.metabolic_profiles
  for each row execute function private.deactivate_other_metabolic_profiles();
