"""Templates ask leadership.roles, never `user.is_staff`: `{% load roles %}` then `user|is_program_staff`."""

from typing import TYPE_CHECKING

from django import template

from leadership import roles, workplaces

if TYPE_CHECKING:
    from leadership.roles import AnyUser

register = template.Library()


@register.filter
def is_program_staff(user: "AnyUser") -> bool:
    return roles.is_program_staff(user)


@register.filter
def may_enter_admin(user: "AnyUser") -> bool:
    """Superusers, program staff and reviewers; reviewers are not is_staff."""
    return roles.may_enter_admin(user)


@register.simple_tag
def work_places(user: "AnyUser") -> list[workplaces.PlaceGroup]:
    """`{% work_places user as groups %}`: the places the menu and the admin index link."""
    return workplaces.places_for(user)
