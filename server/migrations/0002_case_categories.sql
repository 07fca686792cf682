-- Case category code table (数字城管 event and component classes). Seeded from
-- data/categories/case-categories.json; administrators then change limits, departments, urgency, active.

CREATE TABLE case_categories (
  -- 'E0101': kind prefix + 2-digit major + 2-digit minor.
  code                text PRIMARY KEY CHECK (code ~ '^[EC][0-9]{4}$'),
  kind                text NOT NULL CHECK (kind IN ('event','component')),
  major_code          text NOT NULL CHECK (major_code ~ '^[0-9]{2}$'),
  major_name          text NOT NULL,
  name                text NOT NULL,
  name_en             text,
  -- NULL exactly when the street where the case lies handles it.
  default_department  text REFERENCES units(code),
  handled_by_street   boolean NOT NULL DEFAULT false,
  urgency             text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal','urgent')),
  -- {register, dispatch, handle, verify}: each {amount, unit} as the working calendar computes it.
  limits              jsonb NOT NULL CHECK (jsonb_typeof(limits) = 'object' AND limits ?& array['register','dispatch','handle','verify']),
  active              boolean NOT NULL DEFAULT true,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT case_categories_code_matches CHECK (
    substr(code, 1, 1) = CASE kind WHEN 'event' THEN 'E' ELSE 'C' END AND substr(code, 2, 2) = major_code),
  CONSTRAINT case_categories_handler CHECK (handled_by_street = (default_department IS NULL))
);
CREATE INDEX case_categories_major_idx ON case_categories(kind, major_code);
