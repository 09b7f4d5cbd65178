"""Helpers for driving the studio as a person would: find, wait, click, type."""

import os

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import FIXTURES, WAIT_BOUND_SECONDS


class Studio:
    def __init__(self, browser, server):
        self.browser = browser
        self.driver = browser.driver
        self.server = server

    def open(self, hash_path="#/"):
        self.driver.get(self.server.base + "/" + hash_path)
        return self

    def go(self, hash_path):
        """Changes the studio's address without reloading the page, as its own links do."""
        self.driver.execute_script("location.hash = arguments[0]", hash_path)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def wait(self, condition, what):
        def check(driver):
            try:
                return condition()
            except StaleElementReferenceException:
                return False
        return WebDriverWait(self.driver, WAIT_BOUND_SECONDS, poll_frequency=0.05).until(check, message=f"waiting for {what}")

    def wait_for(self, css):
        return self.wait(lambda: self.all(css) and self.all(css)[0].is_displayed() and self.all(css)[0], css)

    def wait_text(self, css, text):
        """The first element matching `css` whose text contains `text`, once there is one."""
        return self.wait(lambda: next((element for element in self.all(css) if text in element.text), None), f"{css} to show {text!r}")

    def wait_present(self, css):
        return self.wait(lambda: self.all(css) and self.all(css)[0], css)

    def click(self, css):
        self.wait_for(css).click()

    def type(self, css, text, clear=True):
        element = self.wait_for(css)
        if clear:
            element.clear()
        element.send_keys(text)

    def choose_file(self, css, fixture):
        # A file input takes a path typed into it: what a file picker would hand it.
        self.wait_present(css).send_keys(os.path.abspath(os.path.join(FIXTURES, fixture)))

    def choose_path(self, css, path):
        self.wait_present(css).send_keys(path)

    def page(self):
        return self.driver.execute_script("return document.body.dataset.page")

    def wait_page(self, name, marker_css):
        """The router has drawn page `name` and its `marker_css` is on screen."""
        self.wait(lambda: self.page() == name and self.all(marker_css), f"page {name}")
        return self.wait_for(marker_css)

    def versions(self):
        return [int(element.get_attribute("data-version")) for element in self.all("#versions .version")]

    def status(self):
        return self.find("article[data-status]").get_attribute("data-status")

    def confirm(self, accept=True):
        dialog = self.wait_for("dialog#confirm")
        self.find("#confirm-ok" if accept else "#confirm-cancel").click()
        self.wait(lambda: not dialog.is_displayed(), "the dialog to close")

    def no_alert(self):
        try:
            self.driver.switch_to.alert
        except NoAlertPresentException:
            return True
        return False

    def shot(self, step):
        return self.browser.screenshot(step)
