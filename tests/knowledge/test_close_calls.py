"""Close calls: a curator's relation asked by the built-in name it is another word for, a neighbour
that only starts like the relation asked, two timelines that fit alike, and everyday idioms."""

from __future__ import annotations

import pytest

from knowledge.service import FactService
from tests.knowledge.sheets import service_fixture

ROWS = [
    "Broadcom,acquisition price,VMware,61e9,USD,2022-05-26,current,"
    '"Broadcom agreed to buy VMware for about $61 billion in cash and stock.",Reuters,2022-05-26,'
    'https://example.com/vmware,"Broadcom will buy VMware for about $61 billion."',
    "VMware,employees laid off after acquisition,,2837,employees,2023-12-13,current,"
    '"Broadcom laid off 2,837 VMware employees after the deal closed.",Reuters,2023-12-13,'
    'https://example.com/layoffs,"2,837 VMware employees were laid off."',
    "VMware,share price rise on deal report,,25%,%,2022-05-23,current,"
    '"VMware\'s shares rose 25% after reports that Broadcom was in talks to buy it.",Reuters,2022-05-23,'
    'https://example.com/rise,"VMware shares jumped 25%."',
    "VMware,share price fall on closing delay,,3%,%,2023-08-15,current,"
    "\"VMware's shares fell 3% when the deal's closing was delayed.\",Reuters,2023-08-15,"
    'https://example.com/fall,"VMware shares slipped 3%."',
    "Airbus,commercial deliveries,,766,aircraft,2024-12-31,current,"
    '"Airbus delivered 766 commercial aircraft in 2024.",Airbus,2025-01-09,'
    'https://example.com/deliveries,"Airbus delivered 766 commercial aircraft in 2024."',
    "Airbus,annual revenue,,69.2e9,EUR,2024-12-31,current,"
    '"Airbus\'s revenue for 2024 was 69.2 billion euros.",Airbus,2025-02-20,'
    'https://example.com/revenue,"Revenues increased to 69.2 billion euros."',
]
ROWS += [
    "Airbus,deaths in 2015 and 2016 crashes,,12,people,2016-12-31,current,"
    '"Two crashes in 2015 and 2016 killed 12 people.",Wire,2017-01-05,https://example.com/deaths,"12 people died."',
    "Arm,ipo price,,between $47 and $51 a share,,2023-09-05,superseded,"
    '"Arm first marketed its IPO shares at $47 to $51 each.",Wire,2023-09-05,https://example.com/range,'
    '"Arm set a range of $47 to $51."',
    "Arm,ipo price,,51,USD,2023-09-13,current,"
    '"Arm priced its IPO at $51 a share, the top of its marketed range.",Wire,2023-09-13,'
    'https://example.com/priced,"Arm priced at $51."',
    "Arm,ipo oversubscription,,more than 10,times,2023-09-13,current,"
    '"Arm\'s IPO was more than 10 times oversubscribed.",Wire,2023-09-13,https://example.com/over,'
    '"The offering was more than 10 times oversubscribed."',
    "Broadcom,restricted stock units for VMware staff,VMware,about 3 million,restricted stock units,2022-05-26,"
    'current,"Broadcom was to grant about 3 million restricted stock units to VMware staff.",Wire,2022-05-26,'
    'https://example.com/rsu,"About 3 million RSUs go to VMware staff."',
    "VMware union,strike vote,,91%,%,2023-06-01,current,"
    '"91% of the VMware union\'s members voted to strike.",Wire,2023-06-01,https://example.com/vote,'
    '"91% voted in favour of a strike."',
]
ROWS += [
    "Bank of Japan,governor,,Kazuo Ueda,,2023-04-09,current,"
    '"Kazuo Ueda became governor of the Bank of Japan on 9 April 2023.",Wire,2023-04-09,'
    'https://example.com/governor,"Ueda took office as governor."',
    "Bank of Japan,policy rate,,0.5%,%,2025-01-24,current,"
    '"The Bank of Japan raised its policy rate to 0.5% on 24 January 2025.",Wire,2025-01-24,'
    'https://example.com/rate,"The BOJ raised rates to 0.5%."',
    "Bank of Japan,rate decision,,hike to 0.5%,,2025-01-24,current,"
    '"On 24 January 2025 the Bank of Japan hiked its policy rate to 0.5%.",Wire,2025-01-24,'
    'https://example.com/decision,"The BOJ hiked to 0.5%."',
    "Bank of Japan,rate decision,,hold at 0.5%,,2025-03-19,current,"
    '"On 19 March 2025 the Bank of Japan kept its policy rate at 0.5%.",Wire,2025-03-19,'
    'https://example.com/hold,"The BOJ held at 0.5%."',
    "United Steelworkers,president,,David McCall,,2024-10-24,current,"
    '"David McCall is international president of the United Steelworkers union.",Wire,2024-10-24,'
    'https://example.com/usw,"USW International President David McCall."',
]
ROWS += [
    "Intel Foundry,quarterly operating loss,,3.2e9,USD,2025-06-28,current,"
    '"Intel Foundry had a $3.2 billion operating loss in the second quarter of 2025.",Wire,2025-07-24,'
    'https://example.com/q2,"Intel Foundry operating loss of $3.2 billion."',
    "Intel Foundry,annual operating loss,,13.4e9,USD,2024-12-28,current,"
    '"Intel Foundry lost $13.4 billion in 2024.",Wire,2025-01-30,https://example.com/fy,'
    '"Intel Foundry operating loss of $13.4 billion for the year."',
    "Airbus machinists strike,duration,,21,days,2023-10-01,current,"
    '"The strike stopped the assembly lines for 21 days.",Wire,2023-10-02,https://example.com/strike,'
    '"Workers returned after 21 days."',
]
ROWS += [
    "Bank of Japan,policy rate,,0.05%,%,2024-03-19,superseded,"
    '"On 19 March 2024 the Bank of Japan ended negative interest rates, raising its policy rate to 0-0.1%.",'
    'Wire,2024-03-19,https://example.com/negative,"The BOJ ended eight years of negative rates."',
    "Canva,annual recurring revenue,,3.3e9,USD,2025-07-31,current,"
    '"Canva\'s annual recurring revenue passed $3.3 billion.",Wire,2025-08-01,https://example.com/canva,'
    '"Canva surpassed $3.3 billion in annualised revenue."',
]
ROWS += [
    "Nvidia,shares bought,Intel,214.7e6,shares,2025-09-18,current,"
    '"Nvidia is buying about 214.7 million newly issued Intel shares.",Wire,2025-09-18,'
    'https://example.com/nvda-shares,"Nvidia will buy Intel common stock at $23.28 a share."',
    "Nvidia,stake,Intel,4%,%,2025-09-18,current,"
    '"Nvidia\'s investment gives it about 4% of Intel.",Wire,2025-09-18,'
    'https://example.com/nvda-stake,"Nvidia will own about 4% of Intel."',
    "Nvidia,equity investment,Intel,5e9,USD,2025-09-18,current,"
    '"Nvidia is investing $5 billion in Intel common stock.",Wire,2025-09-18,'
    'https://example.com/nvda-invest,"Nvidia will invest $5 billion in Intel."',
]
ROWS += [
    "FDIC,chairman,,Travis Hill,,2025-01-20,current,"
    '"Travis Hill has led the FDIC as acting chairman since January 2025.",Wire,2025-01-20,'
    'https://example.com/fdic,"Acting Chairman Travis Hill."',
    "Airbus,chief executive,,Guillaume Faury,,2019-04-10,current,"
    '"Guillaume Faury is Airbus\'s chief executive.",Wire,2019-04-10,https://example.com/faury,'
    '"Airbus CEO Guillaume Faury."',
    "Airbus,chairman,,René Obermann,,2020-04-16,current,"
    '"René Obermann chairs Airbus\'s board.",Wire,2020-04-16,https://example.com/obermann,'
    '"Chairman René Obermann."',
]
ROWS += [
    "Arm,lawsuit status,Qualcomm,jury verdict for Qualcomm,,2024-12-20,current,"
    "\"On 20 December 2024 a jury found that Qualcomm did not breach its licence, rejecting Arm's case "
    'against Qualcomm.",Wire,2024-12-20,https://example.com/arm-qualcomm,"The jury found for Qualcomm."',
]
ROWS += [
    "Arm,chief executive,,Simon Segars,,2013-07-01,superseded,"
    '"Simon Segars became Arm\'s chief executive in July 2013.",Wire,2013-07-01,https://example.com/segars,'
    '"Segars takes over as CEO."',
    "Arm,chief executive,,Rene Haas,,2022-02-08,current,"
    '"Rene Haas replaced Simon Segars as Arm\'s chief executive on 8 February 2022.",Wire,2022-02-08,'
    'https://example.com/haas,"Haas named CEO."',
    "Broadcom,ca technologies purchase completed,,2018-11-05,,2018-11-05,current,"
    '"Broadcom completed its purchase of CA Technologies on 5 November 2018.",Wire,2018-11-05,'
    'https://example.com/ca,"Broadcom closed the CA deal."',
    "Broadcom,euc division sale price,,4e9,USD,2024-02-26,current,"
    '"Broadcom agreed to sell its end-user computing division to KKR for $4 billion.",Wire,2024-02-26,'
    'https://example.com/euc,"KKR buys the EUC unit for $4 billion."',
    "Arm,quarterly revenue,,1.24e9,USD,2024-12-31,current,"
    '"Arm\'s revenue in the October-December 2024 quarter was $1.24 billion.",Wire,2025-02-05,'
    'https://example.com/arm-q,"Revenue of $1.24 billion for the quarter."',
    "Arm,share price jump on debut,,as much as 25,%,2023-09-14,current,"
    '"Arm\'s shares jumped as much as 25% on their first day of trading.",Wire,2023-09-14,'
    'https://example.com/debut,"Arm rose as much as 25%."',
]
ROWS += [
    "Seven & i,share price,,2007,JPY,2025-07-17,current,"
    '"Seven & i closed at ¥2,007 on 17 July 2025.",Wire,2025-07-17,https://example.com/7i,"Closed at 2,007 yen."',
    "Airbus,countries and territories,,180,countries,2024-12-31,current,"
    '"Airbus has customers in about 180 countries and territories.",Wire,2025-01-09,'
    'https://example.com/countries,"Customers in 180 countries and territories."',
    "SoftBank,ampere deal value,Ampere,6.5e9,USD,2025-03-19,current,"
    '"SoftBank agreed to buy Ampere for $6.5 billion.",Wire,2025-03-19,https://example.com/ampere,'
    '"SoftBank to acquire Ampere in a $6.5 billion deal."',
    "Arm,revenue forecast for the year to March 2026,,4.9e9,USD,2025-07-30,current,"
    '"Arm expects revenue of about $4.9 billion for the year to March 2026.",Wire,2025-07-30,'
    'https://example.com/arm-forecast,"Revenue guidance of $4.9 billion."',
    "Guillaume Faury,annual pay,,5.1e6,EUR,2024-12-31,current,"
    '"Guillaume Faury was paid 5.1 million euros for 2024.",Wire,2025-03-01,https://example.com/pay,'
    '"Faury received 5.1 million euros."',
]
ROWS += [
    "Airbus,layoffs in 2020,,15000,jobs,2020-06-30,current,"
    '"Airbus said in June 2020 it would cut about 15,000 jobs.",Wire,2020-06-30,https://example.com/cuts,'
    '"Airbus to cut 15,000 jobs."',
    "Airbus,employees,,134000,employees,2020-06-30,current,"
    '"Airbus had about 134,000 employees before the 2020 layoffs.",Wire,2020-06-30,'
    'https://example.com/staff,"Airbus employs 134,000 people."',
]
ROWS += [
    "Broadcom,break-up fee,VMware,1.5e9,USD,2022-05-26,superseded,"
    '"Broadcom would have owed VMware a $1.5 billion break-up fee under the May 2022 agreement.",Wire,2022-05-26,'
    'https://example.com/fee1,"A $1.5 billion termination fee."',
    "Broadcom,break-up fee,VMware,2e9,USD,2023-06-01,current,"
    '"The break-up fee Broadcom owed VMware rose to $2 billion in 2023.",Wire,2023-06-01,'
    'https://example.com/fee2,"The fee rose to $2 billion."',
    "Airbus Helicopters,deliveries,,361,helicopters,2024-12-31,current,"
    '"Airbus Helicopters delivered 361 helicopters in 2024.",Wire,2025-01-09,https://example.com/heli,'
    '"361 helicopters were delivered."',
    "Broadcom,offer price per share,VMware,142.5,USD,2022-05-26,current,"
    '"Broadcom offered $142.50 a share in cash or stock for VMware.",Wire,2022-05-26,'
    'https://example.com/pershare,"Broadcom will pay $142.50 per VMware share."',
]
ROWS += [
    "United States,tariff rate on Chinese goods,China,145,%,2025-04-10,current,"
    '"US tariffs on most Chinese goods reached 145% on 10 April 2025.",Wire,2025-04-10,'
    'https://example.com/tariff,"The total US tariff on Chinese imports is 145%."',
    "China,exports to the US change,,-34.5,%,2025-05-31,current,"
    '"China\'s exports to the US fell 34.5% from a year earlier in May 2025.",Wire,2025-06-09,'
    'https://example.com/exports,"Shipments to the US fell 34.5%."',
]
ROWS += [
    "China,international trade representative,,Li Chenggang,,2025-06-10,current,"
    '"Li Chenggang, a vice commerce minister, is China\'s international trade representative.",Wire,2025-06-10,'
    'https://example.com/li,"Li Chenggang, vice minister of commerce."',
    "United States,goods trade deficit,China,418.23e9,USD,2018,superseded,"
    '"The US goods deficit with China was a record $418.23 billion in 2018.",Wire,2019-03-06,'
    'https://example.com/deficit2018,"A record $418.2 billion deficit."',
    "United States,goods trade deficit,China,295.4e9,USD,2024,current,"
    '"The US goods deficit with China was $295.4 billion in 2024.",Wire,2025-02-05,'
    'https://example.com/deficit2024,"The deficit with China was $295.4 billion."',
    "Airbus,share of workforce cut,,11,%,2020-06-30,current,"
    '"The 2020 cuts removed about 11% of Airbus\'s workforce.",Wire,2020-06-30,'
    'https://example.com/share-cut,"About 11% of staff."',
]
ROWS += [
    "United States,fentanyl tariff rate,China,20,%,2025-03-04,current,"
    '"On 4 March 2025 the US doubled its fentanyl-related duty on Chinese goods to 20%.",Wire,2025-03-04,'
    'https://example.com/fentanyl,"The fentanyl tariff rises to 20%."',
]
ROWS += [
    "China,retaliatory tariff rate,United States,125,%,2025-04-12,current,"
    '"China raised its tariff on American goods to 125% from 12 April 2025.",Wire,2025-04-11,'
    'https://example.com/retaliation,"China lifts tariffs on US goods to 125%."',
]
ROWS += [
    "Kennedy Round,start date,,1964-05-04,,1964-05-04,current,"
    '"The Kennedy Round opened in Geneva on 4 May 1964.",Wire,1964-05-04,'
    'https://example.com/kennedy,"The Kennedy Round opened."',
    "United States,tariff cut agreed,,35,%,1967-06-30,current,"
    '"At the Kennedy Round trade talks the US agreed in 1967 to cut tariffs by about 35% from the start of 1968.",'
    'Wire,1967-06-30,https://example.com/kennedy-cut,"Tariffs cut by 35%."',
    "European Commission,approval date,Broadcom,2023-07-12,,2023-07-12,current,"
    '"The European Commission approved Broadcom\'s purchase with remedies on 12 July 2023.",Wire,2023-07-12,'
    'https://example.com/ec,"The Commission cleared the deal."',
]
ROWS += [
    "Spotify,monthly active users,,515e6,users,2023-03-31,superseded,"
    '"Spotify had 515 million MAU at the end of the first quarter of 2023.",Wire,2023-04-25,'
    'https://example.com/mau1,"515 million MAUs."',
    "Spotify,monthly active users,,675e6,users,2024-12-31,current,"
    '"Spotify ended 2024 with 675 million people using it every month.",Wire,2025-02-04,'
    'https://example.com/mau2,"675 million users."',
    "Daniel Ek,resignation as chief executive,Spotify,2025-09-30,,2025-09-30,current,"
    '"On 30 September 2025 Daniel Ek said he was stepping down as Spotify\'s chief executive.",Wire,2025-09-30,'
    'https://example.com/ek,"Ek steps down."',
]
ENTITIES = (
    "name,kind,aliases\nBroadcom,company,\nVMware,company,\nAirbus,company,\nArm,company,\nVMware union,organization,\n"
    "Bank of Japan,organization,BOJ|日銀\nUnited Steelworkers,organization,USW|steelworkers union\n"
    "Intel Foundry,company,\nAirbus machinists strike,event,Airbus strike|エアバスのスト\nCanva,company,\n"
    "Nvidia,company,NVDA\nIntel,company,\nFDIC,government,Federal Deposit Insurance Corporation\nQualcomm,company,\n"
    "CA Technologies,company,CA\nSeven & i,company,セブン&アイ|7&i\nSoftBank,company,\nAmpere,company,\n"
    "Guillaume Faury,person,フォーリ\nAirbus Helicopters,company,Airbusヘリコプターズ\n"
    "United States,government,US|USA\nChina,government,PRC\nKennedy Round,event,KR talks|Kennedy trade round\n"
    "European Commission,government,EU|欧州委員会\nSpotify,company,\nDaniel Ek,person,Ek\n"
)


service = service_fixture("close.sqlite3", ENTITIES, ROWS)


async def test_a_relation_that_only_starts_like_the_one_asked_does_not_answer(service: FactService) -> None:
    """VMware's headcount is not the 2,837 employees laid off: the relation only starts with "employees"."""
    answer = service.answerer().ask("how many employees does vmware have")
    assert not answer.answered
    assert "2,837" not in answer.answer.split("Did you mean")[0]


async def test_go_up_asks_for_the_rise_not_the_fall(service: FactService) -> None:
    """A stock that "goes up" is read as "rise": the 25% rise answers, never the 3% fall."""
    answer = service.answerer().ask("did vmware's stock go up when the broadcom deal was reported")
    assert answer.answered and "25%" in answer.answer and "3%" not in answer.answer


async def test_two_timelines_that_fit_alike_are_offered_not_guessed(service: FactService) -> None:
    """A company's "sales" are units sold and revenue alike: Airbus's 766 aircraft are not given as its sales."""
    answer = service.answerer().ask("what were airbus's sales in 2024")
    assert not answer.answered
    offered = answer.answer.split("Did you mean")[-1]
    assert "766" in offered and "69.2 billion" in offered


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many people died in the 2015 and 2016 airbus crashes", "12 people"),
        ("what was arm's ipo price range as of september 5 2023", "$47 to $51"),
        ("how many times oversubscribed was the arm ipo", "10 times"),
        ("how many rsus was broadcom giving vmware employees", "3 million"),
        ("what share of vmware union members backed a strike", "91%"),
        ("how much is intel foundry losing per quarter", "$3.2 billion"),
        ("エアバスのストは何日間続いた？", "21"),
        ("canva arr", "$3.3 billion"),
        ("when did the boj ditch negative rates", "19 March 2024"),
        ("how much did nvidia put into intel in the equity deal", "$5 billion"),
        ("how much of intel does nvidia own", "4%"),
        # The "acquisition price" is a cue of the deal value: asking the deal value answers with it.
        ("broadcom vmware deal value", "$61 billion"),
        # The word "heads" stands for a president: the union's president answers who heads it.
        ("who heads the steelworkers union", "David McCall"),
        # The words "Arm's case against Qualcomm" name one case with two sides: its status answers.
        ("where does arm's case against qualcomm stand now", "jury"),
        # The policy rate and the rate decision of January 2025 both say 0.5%: nothing to choose between.
        ("how much did the boj hike to in jan 2025", "0.5%"),
        # Broadcom's "CA Technologies purchase completed" answers a question that names only CA.
        ("when did the ca technologies purchase complete", "5 November 2018"),
        ("what did broadcom's euc division go for", "$4 billion"),
        ("セブン&アイの株価は？", "2,007"),
        ("how many countries is airbus in", "180"),
        # A relation named "Ampere deal value" is a deal value: "what did SoftBank pay for Ampere" asks for it.
        ("what did softbank pay for ampere", "$6.5 billion"),
        ("what revenue was arm forecasting in aug 2025", "$4.9 billion"),
        ("how much did broadcom shell out for vmware", "$61 billion"),
        ("what % of airbus staff got axed", "11%"),
        # The word "dollars" is accounted for by a figure in US dollars; "how big" asks for the deal's value.
        ("how big was softbank's ampere deal in dollars", "$6.5 billion"),
        # The "kr trade talks" are the Kennedy Round ("KR talks", "Kennedy trade round"), not a fact whose statement
        # mentions them.
        ("when did the kr trade talks start", "4 May 1964"),
        ("when did daniel ek quit spotify", "30 September 2025"),
    ],
    ids=[
        "years-name-the-relation",
        "wording-of-another-version",
        "derived-word",
        "plural-initials",
        "what-share-of",
        "per-quarter",
        "how-many-days-ja",
        "initials-of-the-relation",
        "date-of-an-older-event",
        "how-much-is-money",
        "how-much-of-is-a-share",
        "a-curator-relation-answers-for-the-built-in-name-it-is",
        "a-broad-word-asks-for-the-role-it-stands-for",
        "against-names-the-sides-of-a-case-not-a-comparison",
        "timelines-that-say-the-same-figure-then-answer",
        "a-relation-named-for-the-entity-asked-is-about-it",
        "went-for-asks-a-price",
        "an-ampersand-inside-a-japanese-name-does-not-split-it",
        "either-word-of-a-relation-named-x-and-y-is-its-head",
        "a-relation-named-for-an-entity-is-the-built-in-relation-after-the-name",
        "a-forecast-asked-at-a-month-may-be-for-the-next-year",
        "everyday-words-for-paying",
        "a-percentage-asked-is-the-share-a-relation-names",
        "a-currency-asked-is-explained-by-a-figure-in-it",
        "a-name-with-a-word-of-its-other-names-inside-it-is-read",
        "quitting-is-stepping-down",
    ],
)
async def test_everyday_wording_finds_the_fact(service: FactService, question: str, expected: str) -> None:
    """Years that are part of a relation's name, a word only another version of the fact uses, a
    derived word, initials in the plural, "what share of" (no stake), "per quarter" (the quarterly
    figure), "何日間" (how many days), initials of a relation's name, and the date of an event an
    older fact of a timeline describes, money for "how much did they put in" and a share for "how much
    of it do they own" all reach the fact; so do the close calls commented in the table."""
    answer = service.answerer().ask(question)
    assert answer.answered, answer.answer
    assert expected in answer.answer


async def test_a_broad_word_prefers_the_roles_it_stands_for_in_order(service: FactService) -> None:
    """The boss of a company with a chief executive on file is its chief executive, not its chairman;
    the boss of an agency led by a chairman is the chairman."""
    airbus = service.answerer().ask("who's the boss at airbus")
    assert airbus.answered and "Faury" in airbus.answer and "Obermann" not in airbus.answer
    fdic = service.answerer().ask("who's the fdic boss now")
    assert fdic.answered and "Travis Hill" in fdic.answer


async def test_a_japanese_related_word_names_a_role_and_a_prefix_changes_it(service: FactService) -> None:
    """The word "総裁" names the governor; "副総裁" (the deputy governor) is not answered with him."""
    governor = service.answerer().ask("日銀総裁は誰？")
    assert governor.answered and "Ueda" in governor.answer
    deputy = service.answerer().ask("日銀の副総裁は誰？")
    assert not deputy.answered


async def test_a_season_names_part_of_a_year(service: FactService) -> None:
    """A season ("summer 2019") is a time: the chief executive then, not now."""
    then = service.answerer().ask("who ran arm in summer 2019")
    assert then.answered and "Segars" in then.answer and "Haas" not in then.answer.split("\n")[0]
    now = service.answerer().ask("who ran arm in summer 2023")
    assert now.answered and "Haas" in now.answer.split("\n")[0]


async def test_a_ceiling_is_shown_as_the_source_words_it(service: FactService) -> None:
    """A ceiling ("as much as 25%") is shown as "up to 25%", never as "less than 25%" nor without its unit."""
    answer = service.answerer().ask("how much did arm shares jump on debut")
    assert answer.answered and "up to 25%" in answer.answer
    assert "less than" not in answer.answer


async def test_a_decline_offers_what_is_known_about_the_name_asked_first(service: FactService) -> None:
    """No chief executive of Broadcom is on file: the suggestions are Broadcom's own facts, not another
    company's chief executive; and "who runs Broadcom" is never answered with a figure of Broadcom's."""
    for question in ("who is broadcom's chief executive", "who runs broadcom"):
        answer = service.answerer().ask(question)
        assert not answer.answered, answer.answer
        offered = answer.answer.split("\n")[answer.answer.split("\n").index("Did you mean:") + 1 :]
        assert offered and all("Broadcom" in line for line in offered), offered
        assert "Faury" not in answer.answer and "Haas" not in answer.answer


async def test_a_role_said_to_begin_at_its_date_is_not_read_back_before_it(service: FactService) -> None:
    """Segars "became" chief executive in 2013: who ran Arm in 2011 is not known, though the fact is
    superseded and within the years a state is read back from a later report."""
    before = service.answerer().ask("who ran arm in 2011")
    assert not before.answered or "Segars" not in before.answer.split("\n")[0]
    assert not before.answered, before.answer


async def test_a_quarter_figure_does_not_answer_for_the_year(service: FactService) -> None:
    year = service.answerer().ask("arm revenue 2024")
    assert not year.answered and "1.24" not in year.answer.split("Did you mean")[0]
    quarter = service.answerer().ask("arm revenue q4 2024")
    assert quarter.answered and "$1.24 billion" in quarter.answer


async def test_japanese_words_beside_a_name_are_not_just_the_name(service: FactService) -> None:
    """Asked when his retirement was announced, Faury's one fact (his pay) is not the answer."""
    answer = service.answerer().ask("フォーリの退任が発表されたのはいつ？")
    assert not answer.answered and "5.1" not in answer.answer.split("もしかして")[0]


@pytest.mark.parametrize(
    ("other_time", "own_time", "expected"),
    [
        # Airbus's job cuts are on file for 2020 only: asked for 2023, its headcount (whose statement
        # mentions the layoffs) is not the answer.
        ("how many airbus jobs got cut in july 2023", "how many airbus jobs got cut in 2020", "15,000"),
        # Deficits for 2018 and 2024 are on file: 2021's is not the 2018 figure.
        ("us trade deficit with china in 2021", "us trade deficit with china in 2018", "$418.23 billion"),
    ],
    ids=["a-relation-on-file-for-another-time", "a-years-figures-for-another-year"],
)
async def test_a_figure_answers_for_its_own_time_not_another(
    service: FactService, other_time: str, own_time: str, expected: str
) -> None:
    answer = service.answerer().ask(other_time)
    assert not answer.answered, answer.answer
    then = service.answerer().ask(own_time)
    assert then.answered and expected in then.answer


async def test_an_earlier_version_answers_a_question_naming_no_one(service: FactService) -> None:
    """No name is asked: the fee is found by its words, and June 2022 is its older version."""
    answer = service.answerer().ask("what was the breakup fee in june 2022")
    assert answer.answered and "$1.5 billion" in answer.answer.split("\n")[0]


async def test_a_company_named_by_its_parents_name_and_its_own_word(service: FactService) -> None:
    """The words "Airbus" and "helicopters" name Airbus Helicopters: its deliveries, not the airliners'."""
    answer = service.answerer().ask("how many helicopters did airbus deliver in 2024")
    assert answer.answered and "361" in answer.answer and "766" not in answer.answer


async def test_a_total_is_not_a_price_per_share(service: FactService) -> None:
    offered = service.answerer().ask("what was the total price broadcom offered for vmware")
    assert "$142.5" not in offered.answer.split("\n")[0], offered.answer
    total = service.answerer().ask("broadcom vmware total price")
    assert total.answered and "$61 billion" in total.answer


async def test_a_rate_may_pass_100_percent_and_a_change_may_be_negative(service: FactService) -> None:
    """Only a share of a whole (a stake) is bounded by 100%: a 145% tariff and a 34.5% fall import."""
    tariff = service.answerer().ask("us tariff rate on chinese goods")
    assert tariff.answered and "145%" in tariff.answer
    exports = service.answerer().ask("how much did china's exports to the us change in may 2025")
    assert exports.answered and "-34.5%" in exports.answer


async def test_a_statement_naming_another_role_is_not_the_role_asked(service: FactService) -> None:
    """Li Chenggang is a vice commerce minister, not China's commerce minister."""
    answer = service.answerer().ask("who is china's commerce minister")
    assert not answer.answered, answer.answer


async def test_the_word_before_a_rate_names_it(service: FactService) -> None:
    """A "fentanyl tariff rate" is asked as "the fentanyl duty": tariff and rate share its head."""
    answer = service.answerer().ask("what's the us fentanyl duty on china")
    assert answer.answered and "20%" in answer.answer.split("\n")[0]


async def test_two_relations_cued_alike_and_both_on_file_are_offered(service: FactService) -> None:
    """The fentanyl tariff rate and the tariff rate on Chinese goods both answer "us tariff rate on china":
    both are offered, neither guessed."""
    answer = service.answerer().ask("us tariff rate on china")
    assert not answer.answered, answer.answer
    assert "145%" in answer.answer and "20%" in answer.answer


async def test_on_names_who_a_tariff_is_charged_against(service: FactService) -> None:
    """The tariffs "on China" are the US's; China's tariff on the US is the other way round."""
    ours = service.answerer().ask("all-in us tariffs on china, how high")
    assert "125%" not in ours.answer.split("\n")[0], ours.answer
    theirs = service.answerer().ask("china's tariff on us goods")
    assert theirs.answered and "125%" in theirs.answer


async def test_a_name_mixing_scripts_is_read_before_the_latin_name_inside_it(service: FactService) -> None:
    """The name "Airbusヘリコプターズ" is Airbus Helicopters, not Airbus followed by a word."""
    answer = service.answerer().ask("Airbusヘリコプターズの2024年の納入数は？")
    assert answer.answered and "361" in answer.answer and "766" not in answer.answer


async def test_a_deal_named_for_one_party_is_answered_by_a_fact_about_the_other(service: FactService) -> None:
    """The "vmware deal" is Broadcom's: the Commission approved Broadcom's purchase. "The ampere deal" is
    SoftBank's, which the Commission's fact does not concern."""
    answer = service.answerer().ask("when did the eu approve the vmware deal")
    assert answer.answered and "12 July 2023" in answer.answer, answer.answer
    other = service.answerer().ask("when did the eu approve the ampere deal")
    assert not other.answered, other.answer


async def test_a_state_standing_from_before_is_no_answer_when_another_fits_from_then(
    service: FactService,
) -> None:
    """In mid April 2025 the fentanyl duty stood at 20% (since March), and the tariff on Chinese goods
    reached 145%: "us tariffs on china in mid april" is either, offered, not the older one guessed."""
    answer = service.answerer().ask("us tariffs on china in mid april 2025, how high")
    assert "20%" not in answer.answer.split("\n")[0], answer.answer


async def test_initials_of_a_relations_name_are_explained_by_any_of_its_facts(service: FactService) -> None:
    """ "mau" is the monthly active users: the newest figure answers though its statement never says "MAU"."""
    answer = service.answerer().ask("spotify mau latest")
    assert answer.answered and "675 million" in answer.answer.split("\n")[0], answer.answer


async def test_a_word_only_an_older_fact_holds_finds_its_timeline(service: FactService) -> None:
    """With no name asked, "mau" is found in the first quarter's statement though the newest lacks it."""
    answer = service.answerer().ask("mau in q1 2023")
    assert answer.answered and "515 million" in answer.answer.split("\n")[0], answer.answer
