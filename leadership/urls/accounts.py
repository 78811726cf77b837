from django.urls import path

from ..views import accounts, second_factor

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", accounts.signup_confirm_view, name="signup_confirm"),
    path("login/", accounts.login_view, name="login"),
    path("logout/", accounts.logout_view, name="logout"),
    path("password/change/", accounts.password_change, name="password_change"),
    path("password/change/done/", accounts.password_change_done, name="password_change_done"),
    path("password/reset/", accounts.password_reset, name="password_reset"),
    path("password/reset/sent/", accounts.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", accounts.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/done/", accounts.password_reset_complete, name="password_reset_complete"),
    path("home/", accounts.landing, name="landing"),
    path("profile/", accounts.profile, name="profile"),
    path("two-step/verify/", second_factor.mfa_verify, name="mfa_verify"),
    path("two-step/set-up/", second_factor.mfa_enrol, name="mfa_enrol"),
    path("two-step/backup-codes/", second_factor.mfa_backup_codes, name="mfa_backup_codes"),
    path("two-step/turn-off/", second_factor.mfa_disable, name="mfa_disable"),
    path("session/keep-alive/", second_factor.session_keepalive, name="session_keepalive"),
]
