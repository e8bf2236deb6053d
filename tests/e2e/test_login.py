"""A person logs in with a real browser and lands on their home page."""

from tests.e2e.conftest import log_in


def test_officer_logs_in_and_sees_their_home(page, douyin_officer):
    log_in(page, "douyin_officer")
    assert page.locator("h1").inner_text().startswith("Home")
    assert page.locator("nav").get_by_text("douyin_officer").is_visible()


def test_wrong_password_keeps_the_person_on_the_login_page(page, douyin_officer):
    page.goto("/accounts/login/")
    page.fill("#id_username", "douyin_officer")
    page.fill("#id_password", "not-the-password")
    page.click("form button[type=submit].btn-primary")
    assert "/accounts/login/" in page.url
    assert page.get_by_text("correct username and password").is_visible()
