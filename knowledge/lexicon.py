"""Words the matcher recognises: predicate keywords (English and Japanese), stage names and filler."""

from __future__ import annotations

from knowledge.models import Predicate, Stage

# Keyword -> weight. A phrase's weight is multiplied by its length in tokens, so "letter of intent"
# outweighs a stray "signed". Weights under 1 mark words that often appear in other questions too.
PREDICATE_KEYWORDS: dict[Predicate, dict[str, float]] = {
    Predicate.SALES_VOLUME: {
        "sales": 1, "sale": 1, "sell": 1, "sells": 1, "sold": 1, "selling": 1, "volume": 1,
        "volumes": 1, "units": 1, "unit sales": 1, "deliveries": 1, "delivered": 1, "move": 0.5,
        "how many cars": 1, "how many vehicles": 1, "how many units": 1, "cars sold": 1,
        "vehicles sold": 1, "units sold": 1, "output": 0.5, "figures": 0.5, "numbers": 0.5,
        "販売": 1, "販売台数": 1, "台数": 1, "売上": 1, "売れ": 1, "売った": 1, "販売量": 1,
    },
    Predicate.STAKE_IN: {
        "stake": 1, "stakes": 1, "share": 0.8, "shares": 0.8, "shareholding": 1, "holding": 0.8,
        "hold": 0.6, "holds": 0.6, "own": 0.8, "owns": 0.8, "owned": 0.8, "ownership": 1,
        "percent": 0.8, "%": 0.8, "equity": 1, "how much of": 1, "shareholder": 1, "invested in": 0.8,
        "出資": 1, "出資比率": 1, "株": 1, "株式": 1, "保有": 1, "所有": 1, "持ち株": 1, "持分": 1,
    },
    Predicate.PARTNERSHIP_STAGE: {
        "stage": 1, "status": 1, "stand": 1, "talks": 1, "talk": 0.6, "negotiations": 1,
        "negotiating": 1, "letter of intent": 1, "loi": 1, "nda": 1, "non disclosure": 1,
        "nondisclosure": 1, "non disclosure agreement": 1, "confidentiality agreement": 1,
        "memorandum of understanding": 1, "mou": 1, "agreement": 0.7, "signed": 0.5, "sign": 0.5,
        "deal": 0.6, "progress": 0.8, "joining": 0.6, "join": 0.6, "definitive agreement": 1,
        "協議": 1, "交渉": 1, "基本合意": 1, "秘密保持": 1, "秘密保持契約": 1, "覚書": 1, "進捗": 1,
        "状況": 0.8, "参加": 0.6, "合流": 0.6,
    },
    Predicate.MEMBERS: {
        "members": 1, "member": 1, "includes": 0.8, "include": 0.8, "included": 0.8, "consist": 1,
        "made up of": 1, "who is in": 1, "which companies": 0.8, "related to": 0.8, "part of": 0.6,
        "メンバー": 1, "構成": 1, "傘下": 1, "加盟": 1,
    },
    Predicate.CHIEF_EXECUTIVE: {
        "ceo": 1, "chief executive": 1, "boss": 1, "head": 0.8, "leader": 0.8, "leads": 0.8,
        "runs": 0.8, "president": 1, "chairman": 0.6, "chief": 0.6, "in charge": 0.8,
        "社長": 1, "最高経営責任者": 1, "トップ": 0.8, "代表": 0.6,
    },
    Predicate.STATEMENT: {
        "say": 0.6, "said": 0.6, "says": 0.4, "statement": 1, "quote": 0.8, "comment": 0.8,
        "comments": 0.8, "why": 0.6, "reason": 0.8, "announce": 0.6, "announced": 0.6,
        "発言": 1, "述べ": 1, "理由": 0.8,
    },
    Predicate.GOAL: {
        "goal": 1, "goals": 1, "target": 1, "targets": 1, "aim": 0.8, "ambition": 1, "2030": 0.8,
        "top runner": 1, "objective": 1, "want": 0.4, "目標": 1, "狙い": 0.8,
    },
    Predicate.FOCUS: {
        "about": 0.3, "focus": 1, "focused": 1, "focuses": 1, "work on": 0.8, "working on": 0.8,
        "collaborate on": 0.8, "cooperate on": 0.8, "purpose": 0.8, "what for": 0.8,
        "焦点": 1, "重点": 1, "何について": 1,
    },
    Predicate.PLAN: {
        "plan": 0.6, "plans": 0.6, "buy": 1, "buying": 1, "acquire": 1, "acquisition": 1,
        "takeover": 1, "take over": 1, "purchase": 1, "merge": 0.8, "merger": 0.8,
        "買収": 1, "計画": 0.6, "合併": 0.8,
    },
    Predicate.COMPETITOR: {
        "rival": 1, "rivals": 1, "competitor": 1, "competitors": 1, "competition": 1, "compete": 1,
        "ev leaders": 1, "catch up": 1, "catch up with": 1, "ahead of": 0.8, "threat": 0.8,
        "ライバル": 1, "競合": 1, "競争相手": 1,
    },
    Predicate.PRODUCT_LINEUP: {
        "lineup": 1, "line up": 1, "models": 0.8, "model": 0.6, "pickup": 1, "pickups": 1,
        "pickup trucks": 1, "plug in hybrid": 1, "plug in hybrids": 1, "phev": 1, "hybrids": 0.8,
        "hybrid": 0.8, "kei": 1, "kei cars": 1, "city cars": 1, "small cars": 1, "product lines": 1,
        "products": 0.8, "supply": 1, "sell cars to": 1.2, "share models": 1, "model sharing": 1,
        "軽自動車": 1, "軽": 0.6, "ピックアップ": 1, "ハイブリッド": 1, "車種": 1, "ラインアップ": 1,
    },
    Predicate.MARKET_OUTLOOK: {
        "split": 1, "two groups": 1, "two blocs": 1, "two camps": 1, "consolidation": 1,
        "domestic market": 0.8, "market": 0.4, "industry": 0.4, "landscape": 1,
        "二大": 1, "再編": 1, "市場": 0.6, "陣営": 0.6,
    },
    Predicate.REPORTED_BY: {
        "reported": 0.8, "report": 0.5, "reporting": 0.5, "source": 0.8, "sources": 0.5,
        "publisher": 1, "published": 0.8, "who reported": 1, "where was this reported": 1.5,
        "which newspaper": 1, "outlet": 1, "cited": 0.5, "報道": 1, "出典": 1, "情報源": 1,
    },
}

# Named stages a question can ask about. "talks" is left out: "where do talks stand?" asks for the
# latest stage, not whether talks (the first stage) happened.
STAGE_KEYWORDS: dict[str, Stage] = {
    "nda": Stage.NDA, "non disclosure": Stage.NDA, "nondisclosure": Stage.NDA,
    "non disclosure agreement": Stage.NDA, "confidentiality agreement": Stage.NDA,
    "letter of intent": Stage.LETTER_OF_INTENT, "loi": Stage.LETTER_OF_INTENT,
    "memorandum of understanding": Stage.MOU, "mou": Stage.MOU,
    "definitive agreement": Stage.DEFINITIVE,
    "秘密保持": Stage.NDA, "秘密保持契約": Stage.NDA,
    "基本合意": Stage.MOU, "覚書": Stage.MOU,
}

STAGE_LABELS: dict[Stage, str] = {
    Stage.TALKS: "in talks",
    Stage.NDA: "non-disclosure agreement (NDA) signed",
    Stage.LETTER_OF_INTENT: "letter of intent signed",
    Stage.MOU: "memorandum of understanding signed",
    Stage.DEFINITIVE: "definitive agreement signed",
    Stage.COMPLETED: "deal completed",
    Stage.ENDED: "talks ended",
}

# Words that separate the sides of a comparison: "Honda vs Nissan sales".
COMPARISON_WORDS: frozenset[str] = frozenset(
    {"vs", "v", "versus", "against", "compared", "compare", "comparison", "than", "対", "比較", "と比べ"}
)

# Words right after an entity that make it the subject (Japanese topic/subject particles).
SUBJECT_MARKERS_JA: tuple[str, ...] = ("は", "が")
# Words that make the entity after them the object of a stake, plan or deal: "stake in X".
OBJECT_CUES_BEFORE: frozenset[str] = frozenset({"of", "in", "into", "owns", "own", "to", "with", "buy", "acquire"})
OBJECT_CUES_AFTER_JA: tuple[str, ...] = ("への", "に対する", "を", "に")
WEAK_OBJECT_CUES_AFTER_JA: tuple[str, ...] = ("の",)

# Function words and chat filler: never evidence of an unknown subject.
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the this that these those it its it's is are was were be been being am do does did done
    have has had having of in on at to for from by with about as into onto over under per via
    and or but nor so if then than too very just also only even still yet again more most much many
    what which who whom whose when where why how whats hows whos wheres
    i me my we us our you your he him his she her they them their there here
    can could would should will shall may might must
    tell show give know find get got let lets say pls please plz thanks thank thx ty hi hey hello
    yo ok okay bot factbot question quick any some all each every both either neither one two three
    not no yes yeah yep nope really actually exactly right now currently current latest new
    s t re ve ll d m number amount total overall combined together
    article story news report piece text mentioned mention mentions according
    cars car vehicles vehicle units automaker automakers carmaker carmakers company companies
    maker makers firm firms brand brands group groups
    year years fiscal fy annual annually last this next ago recently recent
    world worldwide global globally japan japanese domestic
    """.split()
)

# Japanese grammar left over once names and keywords are removed: particles, question words, copulas.
JAPANESE_FILLER: tuple[str, ...] = (
    "ですか", "でしょうか", "ますか", "ました", "ている", "ていますか", "ています", "ですが", "について",
    "どのくらい", "どれくらい", "どれだけ", "いくら", "いくつ", "何台", "何%", "何パーセント", "何",
    "誰", "だれ", "どこ", "いつ", "なぜ", "どう", "どんな", "教えて", "ください", "下さい",
    "です", "ます", "した", "する", "して", "ある", "いる", "だ", "か", "の", "は", "が", "を", "に",
    "へ", "と", "も", "で", "や", "よ", "ね", "な", "ん", "っ", "た", "て", "ら", "れ", "る", "う",
    "社", "年", "年度", "台", "車", "自動車", "会社", "全体", "合計", "世界", "日本", "国内", "最新",
)
