-- The seed plan's schema (shared/spec/supabase-calorie-balance-migration.md, Step 2), verbatim,
-- for the benchmark's baseline database only. Split in two so the benchmark can load the data
-- before building the seed's indexes; the end state is exactly the seed's. Never applied by
-- apply.sh. (Step 7's statements fail as written: indexes on views, now() in an index predicate.)

-- Performance indexes
CREATE INDEX idx_users_email ON users(email);
CREATE INDEX idx_users_username ON users(username);
CREATE INDEX idx_user_profiles_user_id ON user_profiles(user_id);
CREATE INDEX idx_calorie_goals_user_id ON calorie_goals(user_id);
CREATE INDEX idx_calorie_goals_active ON calorie_goals(user_id, is_active);
CREATE INDEX idx_metabolic_profiles_user_id ON metabolic_profiles(user_id);
CREATE INDEX idx_metabolic_profiles_active ON metabolic_profiles(user_id, is_active);
CREATE INDEX idx_calorie_events_user_id ON calorie_events(user_id);
CREATE INDEX idx_calorie_events_timestamp ON calorie_events(event_timestamp);
CREATE INDEX idx_calorie_events_user_timestamp ON calorie_events(user_id, event_timestamp);
CREATE INDEX idx_calorie_events_type ON calorie_events(event_type);

-- Temporal analytics views (5-level hierarchy)
-- 1. Hourly aggregation
CREATE VIEW hourly_calorie_summary AS
SELECT 
    user_id,
    DATE_TRUNC('hour', event_timestamp) as hour_bucket,
    SUM(calories_amount) as total_calories,
    COUNT(*) as event_count,
    AVG(calories_amount) as avg_calories_per_event,
    MIN(event_timestamp) as first_event,
    MAX(event_timestamp) as last_event
FROM calorie_events 
GROUP BY user_id, DATE_TRUNC('hour', event_timestamp)
ORDER BY user_id, hour_bucket;

-- 2. Daily aggregation  
CREATE VIEW daily_calorie_summary AS
SELECT 
    user_id,
    DATE_TRUNC('day', event_timestamp) as day_bucket,
    SUM(calories_amount) as total_calories,
    COUNT(*) as event_count,
    AVG(calories_amount) as avg_calories_per_event,
    MIN(event_timestamp) as first_event,
    MAX(event_timestamp) as last_event
FROM calorie_events 
GROUP BY user_id, DATE_TRUNC('day', event_timestamp)
ORDER BY user_id, day_bucket;

-- 3. Weekly aggregation
CREATE VIEW weekly_calorie_summary AS
SELECT 
    user_id,
    DATE_TRUNC('week', event_timestamp) as week_bucket,
    SUM(calories_amount) as total_calories,
    COUNT(*) as event_count,
    AVG(calories_amount) as avg_calories_per_event,
    MIN(event_timestamp) as first_event,
    MAX(event_timestamp) as last_event
FROM calorie_events 
GROUP BY user_id, DATE_TRUNC('week', event_timestamp)
ORDER BY user_id, week_bucket;

-- 4. Monthly aggregation
CREATE VIEW monthly_calorie_summary AS
SELECT 
    user_id,
    DATE_TRUNC('month', event_timestamp) as month_bucket,
    SUM(calories_amount) as total_calories,
    COUNT(*) as event_count,
    AVG(calories_amount) as avg_calories_per_event,
    MIN(event_timestamp) as first_event,
    MAX(event_timestamp) as last_event
FROM calorie_events 
GROUP BY user_id, DATE_TRUNC('month', event_timestamp)
ORDER BY user_id, month_bucket;

-- 5. Balance calculation view
CREATE VIEW calorie_balance_summary AS
SELECT 
    ce.user_id,
    DATE_TRUNC('day', ce.event_timestamp) as day_bucket,
    SUM(ce.calories_amount) as calories_consumed,
    COALESCE(mp.calories_burned_bmr, 0) + COALESCE(mp.calories_burned_activities, 0) as calories_burned,
    SUM(ce.calories_amount) - (COALESCE(mp.calories_burned_bmr, 0) + COALESCE(mp.calories_burned_activities, 0)) as net_balance,
    cg.daily_calorie_target,
    SUM(ce.calories_amount) - cg.daily_calorie_target as target_variance
FROM calorie_events ce
LEFT JOIN metabolic_profiles mp ON ce.user_id = mp.user_id AND mp.is_active = true
LEFT JOIN calorie_goals cg ON ce.user_id = cg.user_id AND cg.is_active = true
GROUP BY ce.user_id, DATE_TRUNC('day', ce.event_timestamp), mp.calories_burned_bmr, mp.calories_burned_activities, cg.daily_calorie_target
ORDER BY ce.user_id, day_bucket;
