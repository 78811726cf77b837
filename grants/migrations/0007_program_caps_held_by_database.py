"""The program caps held by PostgreSQL itself, not only by the award services.

Triggers on grants_award refuse any statement that leaves a program with more live awards than
its cap, more live money than its budget, an award over the maximum, or a fellowship award that
is not the fixed amount; a trigger on grants_program refuses cutting the budget or the cap below
what is committed. Raw ORM (bulk_create, queryset.update) and raw SQL meet the same refusal as
the services, whose own checks stay the friendly message (and the only guard on SQLite).

Each refusal is a check_violation (SQLSTATE 23514, an IntegrityError in Django) naming one of
the CAP_* constraints below; grants.services.caps turns it into CapExceeded.
"""

from django.db import migrations

# What a program has committed, as grants.services.caps.program_usage counts it: live awards in
# full, and whatever was paid on an award before it was cancelled.
COMMITTED = """
    SELECT count(*) FILTER (WHERE a.status NOT IN ('declined_by_grantee', 'cancelled')),
           coalesce(sum(a.amount) FILTER (WHERE a.status NOT IN ('declined_by_grantee', 'cancelled')), 0)
             + coalesce((SELECT sum(t.amount) FROM grants_tranche t JOIN grants_award c ON c.id = t.award_id
                         WHERE c.program_id = {program} AND c.status = 'cancelled' AND t.paid_on IS NOT NULL), 0)
      INTO live_count, committed
      FROM grants_award a WHERE a.program_id = {program};
"""

FORWARD = f"""
CREATE FUNCTION grants_program_caps_check(program_ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    prog grants_program%ROWTYPE;
    live_count bigint;
    committed numeric;
BEGIN
    -- Lock each program row, in id order so two statements never deadlock, as the services do:
    -- two transactions awarding the last slot queue here and the second counts the first's award.
    FOR prog IN SELECT * FROM grants_program WHERE id = ANY(program_ids) ORDER BY id FOR UPDATE LOOP
        {COMMITTED.format(program="prog.id")}
        IF live_count > prog.max_awards THEN
            RAISE EXCEPTION 'program % would have % live awards, over its cap of %',
                prog.id, live_count, prog.max_awards
                USING ERRCODE = 'check_violation', CONSTRAINT = 'program_award_count_cap';
        END IF;
        IF committed > prog.total_budget THEN
            RAISE EXCEPTION 'program % would commit %, over its total budget of %',
                prog.id, committed, prog.total_budget
                USING ERRCODE = 'check_violation', CONSTRAINT = 'program_total_budget_cap';
        END IF;
    END LOOP;
END;
$$;

CREATE FUNCTION grants_award_amount_check(award_amount numeric, program_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    prog grants_program%ROWTYPE;
BEGIN
    SELECT * INTO prog FROM grants_program WHERE id = program_id;
    IF prog.amount_is_fixed AND award_amount <> prog.max_amount THEN
        RAISE EXCEPTION 'program % awards a fixed %, not %', prog.id, prog.max_amount, award_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'program_fixed_amount';
    END IF;
    IF award_amount > prog.max_amount THEN
        RAISE EXCEPTION 'program % awards at most %, not %', prog.id, prog.max_amount, award_amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'program_award_amount_cap';
    END IF;
END;
$$;

-- Statement-level with transition tables: a bulk insert of n awards sums each program once,
-- not n times.
CREATE FUNCTION grants_award_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    award record;
BEGIN
    FOR award IN SELECT amount, program_id FROM new_awards
               WHERE status NOT IN ('declined_by_grantee', 'cancelled') LOOP
        PERFORM grants_award_amount_check(award.amount, award.program_id::bigint);
    END LOOP;
    PERFORM grants_program_caps_check(ARRAY(
        SELECT DISTINCT program_id::bigint FROM new_awards
        WHERE status NOT IN ('declined_by_grantee', 'cancelled')));
    RETURN NULL;
END;
$$;

-- Only rows that take more of a program (back to live, a higher amount, another program) or
-- change their amount are checked: accepting or cancelling an award takes no program lock, so
-- the award services that lock the award row first cannot deadlock with those that lock the
-- program first.
CREATE FUNCTION grants_award_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    award record;
    grown bigint[];
BEGIN
    FOR award IN SELECT n.amount, n.program_id FROM new_awards n JOIN old_awards o ON o.id = n.id
               WHERE n.status NOT IN ('declined_by_grantee', 'cancelled')
                 AND (n.amount <> o.amount OR n.program_id <> o.program_id
                      OR o.status IN ('declined_by_grantee', 'cancelled')) LOOP
        PERFORM grants_award_amount_check(award.amount, award.program_id::bigint);
    END LOOP;
    grown := ARRAY(
        SELECT DISTINCT n.program_id::bigint FROM new_awards n JOIN old_awards o ON o.id = n.id
        WHERE n.status NOT IN ('declined_by_grantee', 'cancelled')
          AND (n.amount > o.amount OR n.program_id <> o.program_id
               OR o.status IN ('declined_by_grantee', 'cancelled')));
    IF cardinality(grown) > 0 THEN
        PERFORM grants_program_caps_check(grown);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER grants_award_caps_on_insert AFTER INSERT ON grants_award
    REFERENCING NEW TABLE AS new_awards
    FOR EACH STATEMENT EXECUTE FUNCTION grants_award_inserted();
CREATE TRIGGER grants_award_caps_on_update AFTER UPDATE ON grants_award
    REFERENCING OLD TABLE AS old_awards NEW TABLE AS new_awards
    FOR EACH STATEMENT EXECUTE FUNCTION grants_award_updated();

-- A program's cap and budget cannot be cut below what it has already committed.
CREATE FUNCTION grants_program_caps_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    live_count bigint;
    committed numeric;
BEGIN
    {COMMITTED.format(program="NEW.id")}
    IF live_count > NEW.max_awards THEN
        RAISE EXCEPTION 'program % has % live awards, more than a cap of %',
            NEW.id, live_count, NEW.max_awards
            USING ERRCODE = 'check_violation', CONSTRAINT = 'program_award_count_cap';
    END IF;
    IF committed > NEW.total_budget THEN
        RAISE EXCEPTION 'program % has committed %, more than a budget of %',
            NEW.id, committed, NEW.total_budget
            USING ERRCODE = 'check_violation', CONSTRAINT = 'program_total_budget_cap';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER grants_program_caps_on_update BEFORE UPDATE OF max_awards, total_budget ON grants_program
    FOR EACH ROW WHEN (NEW.max_awards < OLD.max_awards OR NEW.total_budget < OLD.total_budget)
    EXECUTE FUNCTION grants_program_caps_updated();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS grants_program_caps_on_update ON grants_program;
DROP TRIGGER IF EXISTS grants_award_caps_on_update ON grants_award;
DROP TRIGGER IF EXISTS grants_award_caps_on_insert ON grants_award;
DROP FUNCTION IF EXISTS grants_program_caps_updated();
DROP FUNCTION IF EXISTS grants_award_updated();
DROP FUNCTION IF EXISTS grants_award_inserted();
DROP FUNCTION IF EXISTS grants_award_amount_check(numeric, bigint);
DROP FUNCTION IF EXISTS grants_program_caps_check(bigint[]);
"""


def create_triggers(apps, schema_editor) -> None:
    # On SQLite the services' checks under an IMMEDIATE transaction stay the only guard.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def drop_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("grants", "0006_french_program_descriptions")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
