"""The explorer page end to end in headless Chromium (run by serve_browser_test.sh): edit values,
see a bad one refused with the command line's message, run a comparison, check the difference
shown equals `pathways compare` for the same seed, download the TOML files and rerun them on the
command line to the same result. With PATHWAYS_SERVE_SCREENSHOT_DIR set, a screenshot of each
step goes there (docs/serve_*.png are made so)."""
import glob
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_common import SMALL, Server, check, cli, cli_compare_csv, fail  # noqa: E402

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

binary, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tmp = tempfile.mkdtemp(prefix="serve_browser_")
downloads = os.path.join(tmp, "downloads")
os.makedirs(downloads)
shots = os.environ.get("PATHWAYS_SERVE_SCREENSHOT_DIR")

server = Server(binary, root)
options = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--disable-gpu"):
    options.add_argument(a)
options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if hasattr(webdriver, "ChromeService") else None
driver = webdriver.Chrome(options=options, service=service) if service else webdriver.Chrome(options=options)
driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
wait = WebDriverWait(driver, 120)


def shot(name):
    if shots:
        os.makedirs(shots, exist_ok=True)
        path = os.path.join(shots, "serve_%s.png" % name)
        driver.save_screenshot(path)
        try:  # small files for docs/: 48 colours are plenty for text, tables and charts
            from PIL import Image
            Image.open(path).convert("RGB").quantize(colors=48).save(path, optimize=True)
        except ImportError:
            pass


def set_value(key, value):
    """Types a value into the form as a user would, and leaves the field (its change event)."""
    field = driver.find_element(By.ID, "param-" + key)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", field)
    field.send_keys(Keys.CONTROL, "a")  # select and overwrite: clear() would send an empty value first
    field.send_keys(value + Keys.TAB)


def console_errors():
    # A refused value is answered 400 by design; Chromium logs every 4xx as an error.
    return [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
            and not ("/api/validate" in e["message"] and "status of 400" in e["message"])]


def row_class(key):
    return driver.find_element(By.ID, "row-" + key).get_attribute("class") or ""


try:
    driver.get(server.url + "/")
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    check(Select(driver.find_element(By.ID, "base")).first_selected_option.get_attribute("value") == "baseline", "base is not baseline")
    errors = console_errors()
    check(not errors, "console errors: %s" % errors)
    # the form: every schema key, with unit, range, default and source
    rows = driver.find_elements(By.CSS_SELECTOR, "#form tr[data-key]")
    status, schema = server.json("GET", "/api/schema")
    check(len(rows) == len(schema), "%d form rows for %d schema keys" % (len(rows), len(schema)))

    # Edit values: smaller cohorts (also given to the command line below), highlighted as changed.
    for key, value in SMALL.items():
        set_value(key, value)
        wait.until(lambda d, k=key: "changed" in row_class(k))
    # A bad value: refused with the command line's message, and the run button disabled.
    set_value("preschool.reach", "1.5")
    wait.until(lambda d: d.find_element(By.ID, "error-preschool.reach").text != "")
    message = driver.find_element(By.ID, "error-preschool.reach").text
    code, _, err = cli(binary, root, "check", "scenarios/baseline.toml", "--set", "preschool.reach=1.5")
    check(code != 0 and message in err, "the page says %r, the command line %r" % (message, err))
    check("invalid" in row_class("preschool.reach"), "the bad value is not marked")
    check(not driver.find_element(By.ID, "run").is_enabled(), "run is enabled with a refused value")
    driver.find_element(By.ID, "only-changed").click()
    driver.execute_script("window.scrollTo(0, document.getElementById('parameters').offsetTop - 10)")
    shot("form")
    driver.find_element(By.ID, "only-changed").click()
    set_value("preschool.reach", "0.73")  # back to the base's value: no change, no error
    wait.until(lambda d: d.find_element(By.ID, "error-preschool.reach").text == "")
    check("changed" not in row_class("preschool.reach"), "the base's own value is marked as changed")
    check(driver.find_element(By.ID, "run").is_enabled(), "run stays disabled")

    # Run a comparison.
    for p in ("havokans_klas", "ten_fourteen_citywide"):
        driver.find_element(By.ID, "policy-" + p).click()
    for field, value in (("replicates", "3"), ("seed", "11")):
        e = driver.find_element(By.ID, field)
        e.clear()
        e.send_keys(value)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.find_element(By.ID, "run").click()
    wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("done"))
    status_text = driver.find_element(By.ID, "status").text
    first = driver.find_element(By.ID, "results").get_attribute("data-first-result-seconds")
    print("page: %s; first results on screen %s s after pressing run" % (status_text, first))
    check(not driver.find_element(By.ID, "results").get_attribute("hidden"), "results hidden")

    # The difference shown equals pathways compare's (as pathways summary prints it).
    paths = ["scenarios/baseline.toml", "scenarios/havokans_klas.toml", "scenarios/ten_fourteen_citywide.toml"]
    cli_csv, cli_text = cli_compare_csv(binary, root, tmp, paths, SMALL, 3, 11)
    compared = 0
    for tr in driver.find_elements(By.CSS_SELECTOR, "#headline tr[data-scenario]"):
        name, outcome = tr.get_attribute("data-scenario"), tr.get_attribute("data-outcome")
        cells = {c: tr.find_element(By.CSS_SELECTOR, "td." + c).text for c in ("mean", "interval", "diff", "diff-interval")}
        title = tr.find_elements(By.TAG_NAME, "td")[1].text
        line = next((l for l in cli_text.splitlines() if l.startswith(name + " ") and title in l), None)
        check(line is not None, "summary has no line for %s, %s" % (name, title))
        tokens = line[len(name):].replace(title, "", 1).split()
        want = [cells["mean"]] + cells["interval"].split()
        if name != "baseline":
            want += [cells["diff"]] + cells["diff-interval"].split()
        check(tokens[:len(want)] == want, "%s %s: the page shows %s, pathways summary %s" % (name, outcome, want, tokens))
        compared += 1
    check(compared == 3 * 7, "compared %d rows" % compared)
    shown = driver.find_element(By.CSS_SELECTOR, '#headline tr[data-scenario="havokans_klas"][data-outcome="havo_vwo_year3"] td.diff').text
    print("havokans_klas vs baseline, havo/vwo in year 3: %s pp on the page and from pathways compare" % shown)
    command = driver.find_element(By.ID, "command-line").text
    check(command.startswith("pathways compare scenarios/baseline.toml") and "--seed 11" in command, "command line: %s" % command)
    driver.execute_script("window.scrollTo(0, document.getElementById('results').offsetTop - 10)")
    time.sleep(0.3)
    shot("results")
    driver.execute_script("window.scrollTo(0, document.querySelector('.charts').offsetTop - 10)")
    time.sleep(0.3)
    shot("charts")

    # Download the TOML files and rerun them on the command line: the same result.
    for k in range(3):
        link = driver.find_element(By.ID, "download-toml-%d" % k)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
    end = time.time() + 30
    while time.time() < end and (len(glob.glob(os.path.join(downloads, "*.toml"))) < 3 or glob.glob(os.path.join(downloads, "*.crdownload"))):
        time.sleep(0.2)
    files = {os.path.basename(f): f for f in glob.glob(os.path.join(downloads, "*.toml"))}
    check(set(files) == {"baseline.toml", "havokans_klas.toml", "ten_fourteen_citywide.toml"}, "downloaded: %s" % sorted(files))
    toml_csv, _ = cli_compare_csv(binary, root, tmp, [files["baseline.toml"], files["havokans_klas.toml"], files["ten_fourteen_citywide.toml"]], {}, 3, 11)
    check(toml_csv == cli_csv, "the downloaded TOML files give another result on the command line")

    # How soon the first results of a full-size Utrecht comparison (four scenarios) are on screen;
    # reported, not asserted (the machine may be busy with other work).
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    driver.find_element(By.ID, "reset-all").click()
    driver.find_element(By.ID, "policy-ve_reach_up").click()
    e = driver.find_element(By.ID, "replicates")
    e.clear()
    e.send_keys("5")
    driver.execute_script("window.scrollTo(0, 0)")
    driver.find_element(By.ID, "run").click()
    wait.until(lambda d: (d.find_element(By.ID, "results").get_attribute("data-first-result-seconds") or "") != first)
    first_full = driver.find_element(By.ID, "results").get_attribute("data-first-result-seconds")
    wait.until(lambda d: d.find_element(By.ID, "status").text.startswith("done"))
    res = driver.find_element(By.ID, "results")
    print("Utrecht, 4 scenarios, full size: first results on screen %s s after pressing run (run started after %s s, "
          "its first replicate done %s s later); %s" % (first_full, res.get_attribute("data-started-seconds"),
                                                       res.get_attribute("data-server-first-result-seconds"),
                                                       driver.find_element(By.ID, "status").text))
    errors = console_errors()
    check(not errors, "console errors: %s" % errors)
finally:
    driver.quit()
code, err = server.stop()
check(code == 0, "stop: %s %s" % (code, err))
print("serve browser test: all checks passed")
