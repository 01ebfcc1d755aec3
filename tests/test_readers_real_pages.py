"""Real article pages: the HTML test data of the newspaper4k source distribution (MIT), fetched
from PyPI at run time and cached. Every page is read and linted without error, and on a sample
of pages the reader finds the article: its headline, first and last body paragraph (written
down from the pages), and none of the page's chrome around it."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from test_readers import check_offsets

from newslint.config.ruleset import load_ruleset
from newslint.engine import lint
from newslint.readers import read

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "newspaper4k"


def _pages() -> list[Path]:
    pages = CACHE / "pages"
    if not pages.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", "newspaper4k", "-d", str(CACHE)],
            capture_output=True, text=True, timeout=300)
        archives = sorted(CACHE.glob("newspaper4k-*.tar.gz"))
        if result.returncode != 0 or not archives:
            pytest.skip("PyPI unreachable, newspaper4k sdist not fetched: "
                        f"{result.stderr.strip()[-200:]}")
        tmp = CACHE / "pages.partial"
        tmp.mkdir(exist_ok=True)
        with tarfile.open(archives[-1]) as archive:
            for member in archive.getmembers():
                if ("/tests/data/html/" in member.name and member.isfile()
                        and member.name.endswith(".html")):
                    (tmp / Path(member.name).name).write_bytes(archive.extractfile(member).read())
        tmp.rename(pages)
    return sorted(pages.glob("*.html"))


@pytest.mark.slow
def test_real_article_pages_are_read_and_linted():
    pages = _pages()
    assert len(pages) >= 10
    house = load_ruleset("house")
    with_text = 0
    for page in pages:
        document = read(page.read_bytes(), str(page), "html")
        check_offsets(document)
        lint(document, house)
        with_text += any(s.kind == "body" for s in document.segments)
    assert with_text >= len(pages) * 0.8


# page -> (headline, first body paragraph starts, last body paragraph starts, chrome that the
# page shows around the article, never read)
ARTICLES = {
    "ap_meta_refresh.html": (
        "Father of Orlando gunman known for rambling political videos",
        "The father of the Orlando nightclub gunman came to the U.S. from Afghanistan",
        "Associated Press writers Rahim Faiez, Karim Sharifi and Mirwais Khan in Kabul",
        "AP Radio News"),
    "burmese_article.html": (
        "နိုင်ငံတော်အကြည်ညိုပျက်စေမှုပုဒ်မနဲ့ တရားစွဲခံထားရတဲ့ အလဲဗင်းသတင်းသမား သုံးဦး အာမခံရ",
        "နိုင်ငံတော်အကြည်ညိုပျက်စေမှု ပုဒ်မ ၅၀၅ (ခ) နဲ့ တရားစွဲ",
        "မီဒီယာကောင်စီကတော့ လက်ရှိ တာမွေတရားရုံးမှာ", "Accessibility links"),
    "chinese_article.html": (
        "港特首梁振英就住宅违建事件道歉", "梁振英同时遭到泛民主派和亲北京阵营议员质问。",
        "民主党此前计划在星期三（11日）对梁振英提出不信任动议。", "浏览协助"),
    "chinese_article_001.html": (
        "外国专家：中美合作共赢符合国际社会利益",
        "在美国旧金山举行的中美元首会晤吸引了全世界的目光。",
        "【责任编辑：严玉洁】", "China Daily Homepage"),
    "cleveland.com1.html": (
        "Let me Google that for you: 2014's most popular food-related searches",
        "Chia seeds and goji berries are the new kale and quinoa",
        "-- By Michael Russell", "Ad Choices"),
    "japanese_article2.html": (
        "動画：ナイジェリアで少女らによる自爆攻撃、ロケット弾も撃ち込まれ31人死亡",
        "【6月18日 AFP】ナイジェリア北東部ボルノ（Borno）州で16日夜",
        "\u3000政府はボコ・ハラムが劣勢にあると繰り返し主張しているが", "このニュースをシェア"),
    "latvian_article.html": (
        "Norvēģijā pēc zemes nogruvuma pieci bojāgājušie",
        "Naktī uz trešdienu Jerdrumas pašvaldības administratīvajā centrā Askā",
        "Precīzi nogruvuma cēloņi nav zināmi", "Lai pārliecinātos, ka pats pieņēmi lēmumu"),
    "time_001.html": (
        "We Need Geoengineering to Stop Out of Control Warming, Warns Climate Scientist James "
        "Hansen\xa0",
        "James Hansen first warned Congress of the threat from climate change in 1988.",
        "“Much of Jim’s analysis is credible,” writes Michael Oppenheimer",
        "James Hansen alerted Congress to climate change in 1988."),  # the page's description meta
    "video_article_02.html": (
        "Faker wins 4th title as T1 embody Heartsteel’s song to become your Worlds 2023 champion!",
        "T1 are your Worlds 2023 champions!",
        "READ MORE: Riot is considering making these changes to the Worlds 2024 format",
        "You'll also receive a monthly newsletter"),
    "wired_001.html": (
        "Intensified Israeli Surveillance Has Put the West Bank on Lockdown",
        "On Sunday, October 29, Ahmed Azza was given permission to leave his neighborhood",
        "Ori Givati, a former Israeli soldier and advocacy director for Breaking the Silence",
        "Matt Jancer"),  # a byline of the "Most Popular" stories inside the article
    "yna_co_kr.html": (
        "N. Korea slams S. Korea for joint military drill, warns of consequences",
        "North Korea's official newspaper blasted South Korea on Tuesday",
        "kokobj@yna.co.kr (END)", "URL is copied."),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_the_article_of_a_real_page_is_what_is_read(name):
    pages = {page.name: page for page in _pages()}
    headline, first, last, chrome = ARTICLES[name]
    document = read(pages[name].read_bytes(), name, "html")
    check_offsets(document)
    assert [s.text for s in document.segments if s.kind == "headline"] == [headline]
    body = [s.text for s in document.segments if s.kind == "body"]
    assert body[0].startswith(first)
    assert body[-1].startswith(last)
    assert chrome in document.source
    assert not any(chrome in s.text for s in document.segments)
