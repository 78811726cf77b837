"""The catalogue moved from grants to programs with its rows, foreign keys and caps triggers.

Migrates a PostgreSQL database back to before the move, writes catalogue rows and an
application and award on them through the historical models, migrates forward and reads it
all through today's models. PostgreSQL only (the triggers are), and required in CI.
"""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from applications.models import Application
from grants.models import Award, AwardStatus
from grants.services.caps import database_cap
from programs.models import Criterion, Program, ProgramTerms, Round
from tests.conftest import require
from tests.factories import CommunityFactory, UserFactory

# Unapplying programs takes back every migration after the move: grants 0008, applications 0006...
BEFORE_THE_MOVE = [("programs", None)]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


def _write_before_the_move(apps, *, user_id: int, community_id: int) -> dict[str, int]:
    program = apps.get_model("grants", "Program").objects.create(
        name="Moved program",
        slug="moved",
        description="Rows written before the move.",
        max_awards=1,
        max_amount=Decimal("1000.00"),
        total_budget=Decimal("1000.00"),
    )
    apps.get_model("grants", "ProgramTerms").objects.create(program=program, tranche_split=[40, 60])
    criterion = apps.get_model("grants", "Criterion").objects.create(program=program, name="Reach")
    now = timezone.now()
    round_ = apps.get_model("grants", "Round").objects.create(
        program=program,
        title="Before",
        opens_at=now - timezone.timedelta(days=30),
        closes_at=now - timezone.timedelta(days=20),
        review_closes_at=now - timezone.timedelta(days=10),
    )
    application = apps.get_model("applications", "Application").objects.create(
        round=round_,
        community_id=community_id,
        created_by_id=user_id,
        status="awarded",
        title="Moved initiative",
        amount_requested=Decimal("800.00"),
    )
    award = apps.get_model("grants", "Award").objects.create(
        program=program, application=application, amount=Decimal("800.00"), offered_by_id=user_id
    )
    return {
        "program": program.pk,
        "criterion": criterion.pk,
        "round": round_.pk,
        "application": application.pk,
        "award": award.pk,
        "content_type": apps.get_model("contenttypes", "ContentType")
        .objects.get(app_label="grants", model="program")
        .pk,
    }


def _cap_refused(write) -> str | None:
    try:
        with transaction.atomic():
            write()
    except IntegrityError as error:
        return database_cap(error)
    return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_foreign_keys_and_caps_triggers_survive_the_move():
    require(connection.vendor == "postgresql", "PostgreSQL")
    user = UserFactory()
    community = CommunityFactory(admins=[user])
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()

    before = _migrate(BEFORE_THE_MOVE)
    assert "grants_program" in connection.introspection.table_names()
    old_apps = before._create_project_state(with_applied_migrations=True).apps
    ids = _write_before_the_move(old_apps, user_id=user.pk, community_id=community.pk)

    _migrate(leaves)
    ContentType.objects.clear_cache()
    tables = connection.introspection.table_names()
    assert {"programs_program", "programs_programterms", "programs_round", "programs_criterion"} <= set(
        tables
    )
    assert "grants_program" not in tables

    program = Program.objects.get(pk=ids["program"])
    assert program.slug == "moved" and ProgramTerms.objects.get(program=program).tranche_split == [40, 60]
    assert Criterion.objects.get(pk=ids["criterion"]).program == program
    assert Round.objects.get(pk=ids["round"]).program == program
    assert Application.objects.get(pk=ids["application"]).round_id == ids["round"]
    award = Award.objects.get(pk=ids["award"])
    assert award.program == program and award.application_id == ids["application"]
    assert ContentType.objects.get_for_model(Program).pk == ids["content_type"]

    # The foreign keys still hold in the database: the program cannot go while its award points at it.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM programs_program WHERE id = %s", [program.pk])

    # The caps triggers read the renamed table: a second award over the cap of 1, a budget cut below
    # what is committed and an award over the maximum are refused by PostgreSQL itself.
    second = Application.objects.create(
        round_id=ids["round"], community=CommunityFactory(admins=[user]), created_by=user, status="awarded"
    )
    over_cap = Award(program=program, application=second, amount=Decimal("100.00"), offered_by=user)
    assert _cap_refused(lambda: Award.objects.bulk_create([over_cap])) == "program_award_count_cap"
    assert (
        _cap_refused(
            lambda: Program.objects.filter(pk=program.pk).update(
                max_amount=Decimal("500.00"), total_budget=Decimal("500.00")
            )
        )
        == "program_total_budget_cap"
    )
    assert (
        _cap_refused(lambda: Award.objects.filter(pk=award.pk).update(amount=Decimal("1000.01")))
        == "program_award_amount_cap"
    )
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.CANCELLED)
    Award.objects.bulk_create([over_cap])  # the slot is free again: the trigger counts live awards
