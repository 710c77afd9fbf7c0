-- The seed plan's schema (shared/spec/supabase-calorie-balance-migration.md, Step 2), verbatim,
-- for the benchmark's baseline database only. Split in two so the benchmark can load the data
-- before building the seed's indexes; the end state is exactly the seed's. Never applied by
-- apply.sh. (Step 7's statements fail as written: indexes on views, now() in an index predicate.)

-- Enable extensions
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "btree_gin";

-- Custom enums (from existing schema)
CREATE TYPE gender AS ENUM ('male', 'female', 'other');
CREATE TYPE activity_level AS ENUM ('sedentary', 'lightly_active', 'moderately_active', 'very_active', 'extra_active');
CREATE TYPE goal_type AS ENUM ('weight_loss', 'weight_gain', 'maintenance');

-- 1. Users table (will be deprecated after User Management Service migration)
CREATE TABLE users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    username VARCHAR(50) UNIQUE NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);

-- 2. User profiles table (calorie-specific profiles)
CREATE TABLE user_profiles (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    height_cm DECIMAL(5,2),
    weight_kg DECIMAL(5,2),
    age INTEGER,
    gender gender,
    activity_level activity_level,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    
    CONSTRAINT unique_user_profile UNIQUE(user_id),
    CONSTRAINT height_check CHECK (height_cm > 0 AND height_cm < 300),
    CONSTRAINT weight_check CHECK (weight_kg > 0 AND weight_kg < 1000),
    CONSTRAINT age_check CHECK (age > 0 AND age < 150)
);

-- 3. Calorie goals table
CREATE TABLE calorie_goals (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    daily_calorie_target INTEGER NOT NULL,
    goal_type goal_type NOT NULL,
    target_weight_kg DECIMAL(5,2),
    target_date DATE,
    is_active BOOLEAN DEFAULT true,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    
    CONSTRAINT positive_calories CHECK (daily_calorie_target > 0),
    CONSTRAINT positive_target_weight CHECK (target_weight_kg IS NULL OR target_weight_kg > 0)
);

-- 4. Metabolic profiles table
CREATE TABLE metabolic_profiles (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    bmr DECIMAL(7,2) NOT NULL,
    tdee DECIMAL(7,2) NOT NULL,
    calories_burned_bmr DECIMAL(7,2) NOT NULL,
    calories_burned_activities DECIMAL(7,2) DEFAULT 0,
    calculated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    is_active BOOLEAN DEFAULT true,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    
    CONSTRAINT positive_bmr CHECK (bmr > 0),
    CONSTRAINT positive_tdee CHECK (tdee > 0),
    CONSTRAINT positive_calories_burned CHECK (calories_burned_bmr >= 0)
);

-- 5. Calorie events table (high-frequency events)
CREATE TABLE calorie_events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event_type VARCHAR(50) NOT NULL,
    calories_amount DECIMAL(8,2) NOT NULL,
    event_timestamp TIMESTAMP NOT NULL,
    metadata JSONB DEFAULT '{}',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    
    CONSTRAINT positive_calories CHECK (calories_amount >= 0)
);

