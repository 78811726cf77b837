"""The outbox wakes the relay: a NOTIFY whenever rows are queued or put back in line (PostgreSQL).

Row triggers on the outbox call pg_notify on the channel notifications.wakeups listens
to. PostgreSQL delivers it when the writing transaction commits, once per transaction however
many rows it wrote, and never for a transaction rolled back; it costs the writer no round trip.
On SQLite (the embedded default) there is no relay: emails go out in process after the commit.
"""

from django.db import migrations

# Row triggers: a statement that touched no row (the relay's own reclaim runs an UPDATE at every
# look) must not wake the relay, or it would wake itself for ever. PostgreSQL folds the
# notices of one transaction into one.
FORWARD = """
CREATE FUNCTION notifications_outbox_wake() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('notifications_outbox', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER notifications_outbox_wake_on_insert AFTER INSERT ON notifications_notification
    FOR EACH ROW EXECUTE FUNCTION notifications_outbox_wake();
-- A resend from the admin or a reclaimed lease puts a row back in line with a new due time.
CREATE TRIGGER notifications_outbox_wake_on_requeue AFTER UPDATE OF next_attempt_at ON notifications_notification
    FOR EACH ROW WHEN (NEW.next_attempt_at IS DISTINCT FROM OLD.next_attempt_at)
    EXECUTE FUNCTION notifications_outbox_wake();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS notifications_outbox_wake_on_requeue ON notifications_notification;
DROP TRIGGER IF EXISTS notifications_outbox_wake_on_insert ON notifications_notification;
DROP FUNCTION IF EXISTS notifications_outbox_wake();
"""


def create_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def drop_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_outbox_claim_lease_and_sending_state")]
    operations = [migrations.RunPython(create_trigger, drop_trigger)]
