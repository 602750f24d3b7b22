"""Japanese: the quotative と + reporting verb after 「…」, and the topic-marked speaker before.

Japanese needs no word list of names: a speaker is the noun phrase marked by は or が before a
quotation, with an honorific or a role after it (田中氏は, 山田市長は).
"""

from __future__ import annotations

from services.detection.lexicon import Cues, words

CUES = Cues(
    language="ja",
    verbs=words(
        "述べた 述べ 話した 話す 語った 語る 強調した 説明した 指摘した 明らかにした 言った"
        " 発表した 述べている 話している 語っている 訴えた 主張した 答えた 明かした 振り返った"
        " 力を込めた 意気込んだ 呼びかけた 批判した 報告した 表明した 締めくくった"
    ),
    roles=words(
        "首相 大臣 知事 市長 町長 村長 区長 社長 会長 議長 委員長 教授 監督 選手 代表"
        " 理事長 部長 課長 所長 院長 館長 校長 長官 議員 容疑者 被告 弁護士 裁判長 検事"
        " 氏 さん 様 総裁 官房長官 大統領 主席 報道官 広報 担当者 研究員 主任研究員 アナリスト"
        " エコノミスト 幹事長 教育長 副知事 副市長 取締役 専務 常務 准教授 講師 主将 コーチ"
        " 幹部 局長 室長 次長 編集長 院長"
    ),
)
