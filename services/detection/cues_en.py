"""English: reporting verbs in every tense a news story uses, pronouns, titles and roles."""

from __future__ import annotations

import re

from services.detection.lexicon import Cues, Gender, words

_VERB_STEMS = """
say:said:says:saying tell:told:tells:telling add:added:adds:adding
note:noted:notes state:stated:states explain:explained:explains argue:argued:argues
warn:warned:warns insist:insisted:insists claim:claimed:claims announce:announced:announces
declare:declared:declares write:wrote:writes ask:asked:asks reply:replied:replies
respond:responded:responds recall:recalled:recalls acknowledge:acknowledged:acknowledges
admit:admitted:admits concede:conceded:concedes continue:continued:continues
conclude:concluded:concludes emphasise:emphasised:emphasises emphasize:emphasized:emphasizes
stress:stressed:stresses suggest:suggested:suggests predict:predicted:predicts
promise:promised:promises vow:vowed:vows urge:urged:urges caution:cautioned:cautions
complain:complained:complains observe:observed:observes remark:remarked:remarks
counter:countered:counters maintain:maintained:maintains contend:contended:contends
confirm:confirmed:confirms deny:denied:denies testify:testified:testifies
tweet:tweeted:tweets joke:joked:jokes shout:shouted:shouts whisper:whispered:whispers
reveal:revealed:reveals report:reported:reports assert:asserted:asserts
describe:described:describes call:called:calls agree:agreed:agrees boast:boasted:boasts
mutter:muttered:mutters exclaim:exclaimed:exclaims plead:pleaded:pleads pledge:pledged:pledges
point:pointed:points recount:recounted:recounts reflect:reflected:reflects
estimate:estimated:estimates believe:believed:believes think:thought:thinks
predict:predicted hope:hoped:hopes fear:feared:fears
"""
_VERBS = frozenset(form for stem in _VERB_STEMS.split() for form in stem.split(":"))
#: Verbs that report a claim but do not, alone, attribute a quotation after them.
_CLAUSE_ONLY = words("believe believed believes think thought thinks hope hoped hopes fear feared")

CUES = Cues(
    language="en",
    verbs=_VERBS
    - _CLAUSE_ONLY
    - words("point points pointed call called calls describe described"),
    phrases=(
        "pointed out",
        "points out",
        "went on",
        "goes on",
        "said in a statement",
        "wrote in",
        "told reporters",
        "told the",
    ),
    bare_clause_verbs=words(
        "said says told tells added adds warned warns argued argues insisted insists claimed claims"
        " announced announces noted notes stressed stresses explained explains admitted admits"
        " acknowledged acknowledges predicted predicts believes believed thinks thought"
        " conceded concedes suggested suggests confirmed confirms"
    ),
    complementizers=words("that"),
    according=(re.compile(r"\b[Aa]ccording to (?P<who>[^,.;:]+)"),),
    pronouns={"he": Gender.MALE, "she": Gender.FEMALE},
    titles={
        "mr": Gender.MALE,
        "mrs": Gender.FEMALE,
        "ms": Gender.FEMALE,
        "miss": Gender.FEMALE,
        "sir": Gender.MALE,
        "dame": Gender.FEMALE,
        "lord": Gender.MALE,
        "lady": Gender.FEMALE,
        "dr": None,
        "prof": None,
        "professor": None,
        "rev": None,
        "st": None,
    },
    roles=words(
        "president mayor minister secretary governor senator judge justice chancellor premier"
        " prime chairman chairwoman chair chairperson director manager coach captain chief"
        " executive ceo founder spokesman spokeswoman spokesperson commissioner councillor"
        " councilman councilwoman councilmember council-member alderman prosecutor attorney"
        " lawyer defendant sheriff officer inspector superintendent detective principal dean"
        " professor economist analyst author curator conductor architect researcher scientist"
        " head leader owner treasurer mp deputy ambassador general admiral colonel king queen"
        " prince princess pope bishop archbishop rabbi imam priest pastor editor striker"
        " midfielder defender goalkeeper forward manager referee chef designer artist"
        " minister-president vice-president vice chief-executive official representative"
        " administrator chairperson regulator auditor investor trader"
    ),
    role_synonyms={
        "head of state": "president",
        "chief executive": "ceo",
        "chief executive officer": "ceo",
        "prime minister": "premier",
        "the coach": "coach",
        "boss": "manager",
        "head coach": "coach",
    },
    not_names=words(
        "The A An And But Or If In On At To Of For By With From As It Its This That These Those"
        " He She They We I You Our Their His Her My Your We're It's There Then When While After"
        " Before Since Although Though Because However Meanwhile Also Still Yet So Not No Yes"
        " Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April"
        " May June July August September October November December According Asked Speaking"
        " Mr Mrs Ms Dr Prof Sir Lady Lord Dame Rev St Council City Court Police Government"
        " Ministry Department University Hospital Company Club Party Parliament Congress Senate"
        " State Street Avenue Road North South East West New Last Next One Two Three Some Many"
        " Most All Both Each Every Neither Either Another Such What Who Why How Where Which"
        " Thank Thanks Please Let Here Now Today Tomorrow Yesterday Tonight Even Only Just"
        " Never Always Perhaps Maybe Instead Overall Earlier Later Under Over Despite Without"
        " Within Into Through During Across Against Between Among Around Above Below"
    ),
    name_particles=words("de da di del della van von der den du le la bin ibn al el dos das ter"),
    not_clause_openers=words(
        "in on at to for by with from about during after before of as goodbye hello yes no"
        " so thanks thank nothing something anything it's he's she's"
    ),
)
