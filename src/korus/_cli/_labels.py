"""The words of the korus command in each language it speaks: row labels and verdicts."""

from __future__ import annotations

from typing import Final

from korus._figures import VerdictKind

#: The command's languages, with the CLDR locale each formats numbers and names in.
LOCALES: Final = {"en": "en_US", "ko": "ko_KR"}
SECTIONS: Final = ("goods", "services", "goods_and_services")
LABELS: Final = {
    "en": {
        "exports": "exports",
        "imports": "imports",
        "deficit": "deficit",
        "surplus": "surplus",
        "two_way_trade": "two-way trade",
        "share_of_reporter_exports": "share of exports of {reporter}",
        "rank_two_way_trade": "rank by two-way trade",
        "rank_exports": "rank as an export market",
        "rank_imports": "rank as a supplier",
        "title": "{reporter}–{partner} trade, {year}: published figures, recomputed",
        "top": "Top export categories",
        "printed": "printed",
        "recomputed": "recomputed",
        "verdict": "verdict",
        "shares": "Goods: share and ranks",
        "goods": "Goods",
        "services": "Services",
        "goods_and_services": "Goods and services",
        "rank_open": "{rank} at best",
        "footer": "Sources: {sources} (each row's publisher is beside it). Each printed figure "
        "is checked against the range its parts allow, within rounding.",
    },
    "ko": {
        "exports": "수출",
        "imports": "수입",
        "deficit": "적자",
        "surplus": "흑자",
        "two_way_trade": "교역 총액",
        "share_of_reporter_exports": "{reporter} 수출 중 비중",
        "rank_two_way_trade": "교역 순위",
        "rank_exports": "수출 시장 순위",
        "rank_imports": "수입 상대국 순위",
        "title": "{reporter}–{partner} 교역, {year}년: 발표 수치와 재계산",
        "top": "주요 수출 품목",
        "printed": "발표",
        "recomputed": "재계산",
        "verdict": "판정",
        "shares": "상품: 비중과 순위",
        "goods": "상품",
        "services": "서비스",
        "goods_and_services": "상품 및 서비스",
        "rank_open": "최고 {rank}위",
        "footer": "출처: {sources} (각 행의 발표 기관은 그 옆에 표시). 발표 수치는 구성 요소가 "
        "허용하는 범위와 반올림 범위 내에서 대조했습니다.",
    },
}
VERDICTS: Final[dict[str, dict[str, str]]] = {
    "en": {k.value: k.value for k in VerdictKind} | {"within": "consistent within rounding"},
    "ko": {
        VerdictKind.CONSISTENT.value: "일치",
        VerdictKind.INCONSISTENT.value: "불일치",
        VerdictKind.UNDECIDABLE.value: "판단 불가",
        VerdictKind.REVISED.value: "수정됨",
        "within": "반올림 범위 내 일치",
    },
}
