#!/usr/bin/python3
"""procspec serve in a real browser (headless Chromium through Selenium), as
an officer uses it: fill the form for a class-2 service step by step, see a
finding appear when data is stored in the US and go away when fixed,
download the ZIP and the profile (the ZIP's documents must be the bytes
`procspec generate` writes for the downloaded profile), open a profile and
see the form filled, compare with a previous version and download the
redline. Records how long each change takes to update the findings.
usage: serve_browser.py PROCSPEC SOURCE_DIR [SCREENSHOT_DIR [TIMINGS_FILE]]"""
import glob
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

import yaml
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ps, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
shots = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
timings_file = sys.argv[4] if len(sys.argv) > 4 else None
sample = os.path.join(src, "samples", "e-application.yaml")
work = tempfile.mkdtemp()
downloads = os.path.join(work, "downloads")
os.makedirs(downloads)


class Loader(yaml.SafeLoader):
    """YAML as procspec reads it: dates stay text, only true/false are booleans."""


Loader.yaml_implicit_resolvers = {
    k: [(t, rx) for t, rx in v if t not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def field_id(path):
    return "f-" + re.sub(r"\[(\d+)\]", r"-\1", path).replace(".", "-")


def shot(browser, name):
    if shots:
        browser.save_screenshot(os.path.join(shots, name))


server = subprocess.Popen([ps, "serve"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
options = Options()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-quic", "--window-size=1400,1100", f"--user-data-dir={work}/chrome"):
    options.add_argument(a)
options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                          "download.prompt_for_download": False,
                                          "profile.default_content_setting_values.automatic_downloads": 1})
browser = None
try:
    url = server.stdout.readline().strip()
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(browser, 30, ignored_exceptions=[StaleElementReferenceException])
    browser.get(url)
    wait.until(lambda b: b.find_elements(By.ID, "f-organization-name"))
    shot(browser, "serve-1-start.png")

    # The page redraws the findings and the step list whenever a check
    # answers: an element found just before may be replaced before the
    # click reaches it. Find it again then (the redraw is the page working
    # as it should, not a fault).
    def click(find):
        for _ in range(20):
            try:
                find().click()
                return
            except StaleElementReferenceException:
                time.sleep(0.05)
        raise AssertionError("the element was redrawn 20 times in a row")

    def click_css(selector):
        click(lambda: browser.find_element(By.CSS_SELECTOR, selector))

    def step(title):
        def button():
            for b in browser.find_elements(By.CSS_SELECTOR, "#steps button"):
                if re.fullmatch(r"\d+\. " + re.escape(title), b.text):
                    return b
            raise AssertionError(f"no step {title}")
        click(button)

    def put(path, value):
        e = wait.until(lambda b: b.find_element(By.ID, field_id(path)))
        if e.tag_name == "select":
            Select(e).select_by_value(str(value).lower() if isinstance(value, bool) else str(value))
        else:
            e.clear()
            e.send_keys("、".join(value) if isinstance(value, list) else str(value))

    def fill(obj, path):
        for k, v in obj.items():
            p = f"{path}.{k}" if path else k
            if isinstance(v, dict):
                fill(v, p)
            elif isinstance(v, list) and v and isinstance(v[0], dict):
                for i, item in enumerate(v):
                    click_css(f'[data-add="{p}"]')
                    fill(item, f"{p}[{i}]")
            elif p != "procspec":
                put(p, v)

    profile = yaml.load(open(sample, encoding="utf-8"), Loader=Loader)
    order = [("団体と文書", ["organization", "document"]), ("外部サービス", ["service"]),
             ("格付け", ["classification"]), ("認証と監査", ["provider_assurance"]),
             ("情報の取扱場所", ["data_location"]), ("サービスレベル", ["availability_targets"]),
             ("インシデント対応", ["incident"]), ("再委託", ["subcontracting"]),
             ("情報の取扱いと終了時", ["data_handling", "access_control"])]
    for title, keys in order:
        step(title)
        for k in keys:
            if k in profile:
                fill({k: profile[k]}, "")
        shot(browser, "serve-2-steps.png") if title == "サービスレベル" else None

    def findings():
        return browser.find_element(By.ID, "findings").text

    def verdict_ok():
        return "利用基準を満たしています" in browser.find_element(By.ID, "verdict").text

    wait.until(lambda b: verdict_ok())
    # Data stored in the US: the finding of 3.1(4) appears, linked to the field.
    step("情報の取扱場所")
    put("data_location.countries", ["JP", "US"])
    wait.until(lambda b: "3.1(4)" in findings())
    shot(browser, "serve-3-finding.png")
    click_css("#findings li.error a")
    active = browser.switch_to.active_element
    assert active.get_attribute("id") == field_id("data_location.countries"), "the finding does not lead to its field"
    assert active.get_attribute("aria-invalid") == "true", "the field is not marked invalid"
    put("data_location.countries", ["JP"])
    wait.until(lambda b: "3.1(4)" not in findings() and verdict_ok())
    print("ok: a finding appears and goes away as the field is fixed")

    # Downloads: the ZIP holds what procspec generate writes for the profile.
    step("文書")
    wait.until(lambda b: b.find_elements(By.ID, "download-zip"))
    click_css("#preview-button")
    wait.until(lambda b: "調達仕様書" in b.find_element(By.ID, "preview").text)
    shot(browser, "serve-4-documents.png")
    click_css("#download-zip")
    click_css("#download-yaml")
    wait.until(lambda b: os.path.exists(os.path.join(downloads, "procspec.zip")) and
               os.path.exists(os.path.join(downloads, "profile.yaml")) and
               not glob.glob(os.path.join(downloads, "*.crdownload")))
    generated = os.path.join(work, "generated")
    r = subprocess.run([ps, "generate", os.path.join(downloads, "profile.yaml"), "-o", generated],
                       capture_output=True, text=True)
    assert r.returncode == 0, f"the downloaded profile does not generate: {r.stderr}"
    z = zipfile.ZipFile(os.path.join(downloads, "procspec.zip"))
    assert sorted(z.namelist()) == sorted(os.listdir(generated)), "the ZIP holds other documents"
    for n in z.namelist():
        assert z.read(n) == open(os.path.join(generated, n), "rb").read(), f"{n} differs from procspec generate's"
    r = subprocess.run([ps, "check", os.path.join(downloads, "profile.yaml")], capture_output=True, text=True)
    assert r.returncode == 0, f"the downloaded profile does not pass check: {r.stderr}"
    assert "# " in open(os.path.join(downloads, "profile.yaml"), encoding="utf-8").read(), "no comments in the YAML"
    print(f"ok: the ZIP's {len(z.namelist())} documents are the bytes procspec generate writes")

    # Open a profile: the form is filled from it.
    other = os.path.join(src, "samples", "web-meeting.yaml")
    browser.find_element(By.ID, "open-profile").send_keys(other)
    wait.until(lambda b: b.find_element(By.ID, "f-organization-name").get_attribute("value") != "" and
               "ウェブ会議" in b.execute_script("return JSON.stringify(window.procspecState())"))
    step("外部サービス")
    name = browser.find_element(By.ID, "f-service-name").get_attribute("value")
    assert name == "ウェブ会議サービス", f"the opened profile's service name is {name!r}"
    shot(browser, "serve-5-opened.png")
    print("ok: an opened profile fills the form")

    # Compare with a previous version and download the redline.
    browser.find_element(By.ID, "open-profile").send_keys(sample)
    wait.until(lambda b: "電子申請" in b.execute_script("return JSON.stringify(window.procspecState())"))
    step("サービスレベル")
    put("availability_targets.uptime", "99.6%")
    step("前の版との比較")
    browser.find_element(By.ID, "old-profile").send_keys(sample)
    Select(browser.find_element(By.ID, "compare-kind")).select_by_value("spec")
    click_css("#compare-button")
    wait.until(lambda b: "サービスレベル" in b.find_element(By.ID, "compare-result").text and
               "改正後" in b.find_element(By.ID, "compare-result").text)
    shot(browser, "serve-6-compare.png")
    click_css('[data-redline="docx"]')
    click_css('[data-redline="comparison-docx"]')
    wait.until(lambda b: os.path.exists(os.path.join(downloads, "spec-redline.docx")) and
               os.path.exists(os.path.join(downloads, "spec-comparison.docx")))
    print("ok: comparison and redline")

    timings = browser.execute_script("return window.procspecTimings")
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1] if timings else None
    print(f"ok: {len(timings)} changes, findings updated in {timings[len(timings) // 2]:.1f} ms median, "
          f"{p95:.1f} ms at the 95th percentile")
    if timings_file:
        with open(timings_file, "w") as f:
            f.write(f"{len(timings)} {timings[len(timings) // 2]:.1f} {p95:.1f}\n")
    logs = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not logs, f"errors in the browser console: {logs}"
    print("PASS: serve in the browser")
finally:
    if browser:
        browser.quit()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=10)
    shutil.rmtree(work, ignore_errors=True)
