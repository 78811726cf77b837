from django import template

from leadership.roles import may_enter_admin as _may_enter_admin

register = template.Library()


@register.filter
def may_enter_admin(user) -> bool:
    """Superusers, program staff and reviewers; reviewers are not is_staff."""
    return _may_enter_admin(user)
