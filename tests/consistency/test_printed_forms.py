"""One truth on paper: for the demo office and the ×5 office, every printed form's figures
(pdftotext) against the ledger, `tdkt fund --json`, `tdkt eligibility --json`, `tdkt late
--json`, `tdkt publicity --json` and the council's recorded votes, for every year with data;
and no form of a year carries a later date unless the clerk chose it."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from places import Agreement, cli_json, find_number, flat, row, spaced
from sqlalchemy import select

from app.fund import fund_summary
from app.nominees import notice_list
from app.printing import FORMS, build
from app.rules import VERDICTS
from app.signers import list_signers, signature
from app.states import APPRAISAL_STARTED, POSTABLE, recipients_text
from app.vote_minutes import minutes_view
from db.models import Award, AwardType, CouncilMeeting, Decision, Dossier, Nominee, SubmissionDue

DATE = re.compile(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})")
MAX_PRINTED_DECISIONS = 4  # per year and office: the biggest and the latest ones are printed


def _first_date(text: str) -> dt.date | None:
    found = DATE.search(spaced(text))
    return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1))) if found else None


def _own_decisions(s, year: int) -> list[Decision]:
    return list(s.scalars(select(Decision).where(Decision.year == year, Decision.external.is_(False),
                                                 Decision.status == "issued").order_by(Decision.issued_on)))


def test_decisions_and_certificates_match_the_ledger_and_the_fund(office, pdftotext):
    name, path, db = office
    a = Agreement(name)
    with db.session() as s:
        years = sorted(set(s.scalars(select(Decision.year).where(Decision.external.is_(False)))))
    assert len(years) >= 3
    for y in years:
        fund = {d["number"]: d["amount"] for d in cli_json(path, "fund", "--year", y)["decisions"]}
        with db.session() as s:
            draws = {d.number: d for d in fund_summary(s, y).decisions}
            decisions = _own_decisions(s, y)
            for d in decisions:  # every decision: ledger, fund tab and `tdkt fund` agree
                standing = sum(int(x.money or 0) for x in d.awards if not x.revoked)
                a.same(f"QĐ {d.number} tiền còn hiệu lực", ledger=standing, tdkt_fund=fund.get(d.number))
                a.same(f"QĐ {d.number} tiền khi ký", ledger=sum(int(x.money or 0) for x in d.awards),
                       fund_tab=draws[d.number].amount + draws[d.number].returned if d.number in draws else None)
            # Certificate numbers run on through the year in each register, never twice.
            numbers = Counter((x.award_type_id, x.book_no) for d in decisions for x in d.awards)
            twice = [k for k, n in numbers.items() if n > 1]
            a.check(f"{y} số vào sổ", not twice, f"given twice: {twice[:5]}")
            chosen = sorted(decisions, key=lambda d: -len(d.awards))[:2] + decisions[-2:]
            for d in list(dict.fromkeys(chosen))[:MAX_PRINTED_DECISIONS]:
                text = pdftotext(build(s, "decision", id=d.id).pdf)
                total = sum(int(x.money or 0) for x in d.awards)
                who = recipients_text((x.subject, x.person_id or x.recipient_name) for x in d.awards)
                article = find_number(text, "Tổng số tiền thưởng:")
                a.same(f"QĐ {d.number} tổng tiền thưởng", ledger=total,
                       printed_article=0 if article is None and "Tổngsốtiềnthưởng" not in flat(text) else article,
                       printed_annex=find_number(text, f"Tổng cộng: {who}"))
                a.same(f"QĐ {d.number} ngày", ledger=d.issued_on, printed=_first_date(text))
                kinds = {t.id: t.code for t in s.scalars(select(AwardType))}
                paper = [x for x in d.awards if kinds[x.award_type_id] in ("GK", "CSTDCS") and not x.revoked]
                if paper:
                    doc = build(s, "certificates", id=d.id)
                    found = sorted(int(n) for n in re.findall(r"Số sổ vàng: (\d+)", pdftotext(doc.pdf)))
                    a.same(f"QĐ {d.number} giấy khen", ledger=len(paper), printed_pages=doc.pages)
                    a.same(f"QĐ {d.number} số vào sổ", ledger=sorted(x.book_no for x in paper), printed=found)
    assert not a.problems, a.report()


def test_appraisals_show_the_eligibility_check(office, pdftotext):
    """The printed appraisal's check, dossier by dossier, is `tdkt eligibility`'s."""
    name, path, db = office
    a = Agreement(name)
    with db.session() as s:
        years = sorted(set(s.scalars(select(Dossier.year).where(Dossier.status.in_(APPRAISAL_STARTED)))))
    assert years
    for y in years:
        verdicts = cli_json(path, "eligibility", "--year", y)
        with db.session() as s:
            dossiers = list(s.scalars(select(Dossier).where(Dossier.year == y,
                                                            Dossier.status.in_(APPRAISAL_STARTED))))
            text = spaced(pdftotext(build(s, "appraisal", year=y).pdf, layout=False))
        heads = [(m.start(), m.group(1)) for m in re.finditer(r"tiếp nhận hồ sơ số (HS-\d{4}-\d{4})", text)]
        parts = {number: text[start:(heads[i + 1][0] if i + 1 < len(heads) else len(text))]
                 for i, (start, number) in enumerate(heads)}
        a.same(f"{y} hồ sơ trong báo cáo thẩm định", app=sorted(d.number for d in dossiers), printed=sorted(parts))
        dates = [dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))) for m in DATE.finditer(text)
                 if "Tam Đường, " in text[max(m.start() - 12, 0):m.start()]]
        a.check(f"{y} ngày của báo cáo thẩm định", bool(dates) and max(dates) <= dt.date(y, 12, 31),
                f"dated {max(dates) if dates else None}")
        for d in dossiers:
            mine = [v for v in verdicts if v["dossier"] == d.number]
            if not mine:  # a refused dossier is not in the year's check: ask for it by number
                mine = cli_json(path, "eligibility", "--dossier", d.number)
            counts = "; ".join(f"{VERDICTS[k].lower()}: {sum(1 for v in mine if v['verdict'] == k):02d}"
                               for k in VERDICTS)
            part = parts.get(d.number, "")
            a.check(f"{d.number} kết quả kiểm tra tiêu chuẩn", f"Kiểm tra tiêu chuẩn: {counts}." in part,
                    f"tdkt eligibility says «{counts}»; printed: «{part[part.find('Kiểm tra tiêu chuẩn'):][:120]}»")
            for v in mine:
                said = [flat(f"{VERDICTS[v['verdict']]}: {r['message'].rstrip('.')}")[:50] for r in v["reasons"]] or \
                    [flat(VERDICTS[v["verdict"]])]
                a.check(f"{d.number} {v['nominee']} ({v['award']})", any(x in flat(part) for x in said),
                        f"tdkt eligibility says «{VERDICTS[v['verdict']]}» for the reasons "
                        f"{[r['message'][:40] for r in v['reasons']]}; not on the printed appraisal")
    assert not a.problems, a.report()


def test_notices_vote_minutes_and_proposals(office, pdftotext):
    name, path, db = office
    a = Agreement(name)
    with db.session() as s:
        noticed = list(s.scalars(select(Dossier).where(Dossier.status.in_(POSTABLE), Dossier.notice_from.is_not(None))))
        assert noticed
        for d in noticed[:6]:
            lines = notice_list(s, d.id)
            text = pdftotext(build(s, "notice", id=d.id).pdf)
            who = recipients_text((n.subject, n.who) for n in lines)
            a.check(f"Thông báo {d.number}", flat(f"công khai danh sách {who} được đề nghị") in flat(text),
                    f"the notice list holds {who}")
            a.same(f"Thông báo {d.number} ngày", dossier=d.notice_from, printed=_first_date(text))
        meetings = list(s.scalars(select(CouncilMeeting)))
        assert meetings
        for m in meetings:
            view = minutes_view(s, m.id)
            text = pdftotext(build(s, "vote-minutes", id=m.id).pdf)
            votes = [v for t in view.titles for v in t.votes]
            a.same(f"Biên bản {m.held_on} số trường hợp đạt",
                   recorded=f"{sum(v.passed for v in votes):02d}/{len(votes):02d}",
                   printed=(re.search(r"theo quy định: (\d+/\d+)", spaced(text)) or [None, None])[1])
            for t in view.titles:
                a.check(f"Biên bản {m.held_on} {t.name}", flat(f"đạt khi được {t.rule}") in flat(text),
                        f"threshold «{t.rule}» not stated")
                for v in t.votes:
                    printed = row(text, v.name, 3, after=f"Danh hiệu {t.name}")
                    a.same(f"Biên bản {m.held_on} {v.name} ({t.name}) đồng ý, không đồng ý",
                           recorded=[v.yes, v.no], printed=printed[1:] if printed else None)
            a.same(f"Biên bản {m.held_on} ngày", meeting=m.held_on, printed=_first_date(text))
        forwarded = list(s.scalars(select(Dossier).where(Dossier.authority == "forwarded",
                                                         Dossier.forward_ref != "")))
        for d in forwarded[:6]:
            from app.printing.proposal import forwarded_dossiers, proposed

            nominees = proposed(s, forwarded_dossiers(s, d.id, None))
            if not nominees:
                continue
            text = flat(pdftotext(build(s, "proposal", id=d.id).pdf))
            for n in nominees:
                a.check(f"Tờ trình {d.forward_ref}: {n.name}", flat(n.name) in text, "nominee not on the list")
            a.same(f"Tờ trình {d.forward_ref} ngày", dossier=d.forwarded_on,
                   printed=_first_date(pdftotext(build(s, "proposal", id=d.id).pdf)))
    assert not a.problems, a.report()


def test_late_units_and_publicity_lists(office, pdftotext):
    name, path, db = office
    a = Agreement(name)
    with db.session() as s:
        years = sorted(set(s.scalars(select(SubmissionDue.year))))
    for y in years:
        late = cli_json(path, "late", "--year", y)
        units = [u for u in late["units"] if u["missing"]]
        with db.session() as s:
            try:
                text = pdftotext(build(s, "late-units", year=y, letters=False).pdf)
            except Exception as exc:  # noqa: BLE001 - a year with nothing missing says so
                text = str(exc)
        a.same(f"{y} đơn vị chưa nộp", tdkt_late=len(units), printed=find_number(text, "Tổng số:"))
        a.same(f"{y} lượt chưa nộp", tdkt_late=sum(len(u["missing"]) for u in units),
               printed=find_number(text, f"Tổng số: {len(units):02d} đơn vị,"))
        a.same(f"{y} lượt quá hạn (--json)", overdue_missing=late["overdue_missing"],
               counted=sum(len(u["missing"]) for u in units))
        # A list printed for a day within the year: its total counts only what is overdue that
        # day, as `tdkt late --today` does; what is not yet due is named apart.
        day = dt.date(y, 11, 15)
        late = cli_json(path, "late", "--year", y, "--today", f"{day:%d/%m/%Y}")
        with db.session() as s:
            try:
                text = pdftotext(build(s, "late-units", year=y, letters=False, on=day).pdf)
            except Exception as exc:  # noqa: BLE001 - a year with nothing missing says so
                text = str(exc)
        overdue_rows = flat(text).count("Quáhạn")
        a.same(f"{y} ngày {day:%d/%m} đơn vị quá hạn chưa nộp", tdkt_late=late["overdue_units"],
               printed=find_number(text, "Tổng số:"))
        a.same(f"{y} ngày {day:%d/%m} lượt quá hạn chưa nộp", tdkt_late=late["overdue_missing"],
               printed=find_number(text, f"Tổng số: {late['overdue_units']:02d} đơn vị,"), rows=overdue_rows)
        rows = cli_json(path, "publicity", "--year", y)
        if rows:
            with db.session() as s:
                text = flat(pdftotext(build(s, "publicity", year=y).pdf))
            collectives = sum(1 for r in rows if r["subject"] == "Tập thể")
            a.check(f"{y} danh sách tuyên truyền",
                    flat(f"danh sách {collectives:02d} tập thể, {len(rows) - collectives:02d} cá nhân") in text,
                    f"tdkt publicity has {collectives} collectives and {len(rows) - collectives} individuals")
    assert not a.problems, a.report()


def test_no_form_of_a_year_is_dated_after_it_and_each_is_signed_as_the_profile_says(office, pdftotext):
    name, _path, db = office
    a = Agreement(name)
    with db.session() as s:
        year = max(s.scalars(select(Dossier.year)))
        people = list_signers(s)
        office_head = signature(people, "report", default_head="").name
        for form in FORMS:
            if form == "appraisal":  # printed and dated in test_appraisals_show_the_eligibility_check
                continue
            doc = build(s, form, year=year, **({"letters": False} if form == "late-units" else {}))
            text = pdftotext(doc.pdf)
            day = _first_date(text)
            a.check(f"{form} ngày", day is not None and day <= dt.date(year, 12, 31) and day == doc.date,
                    f"dated {day} (the form says {doc.date}) for {year}")
        report = flat(pdftotext(build(s, "report", year=year).pdf, layout=False))
        a.check("báo cáo ký", flat(f"TRƯỞNG PHÒNG {office_head}") in report, f"not signed by {office_head}")
        decided = s.scalar(select(Award.decision_id).join(Decision, Decision.id == Award.decision_id)
                           .where(Decision.external.is_(False), Decision.year == year).limit(1))
        text = flat(pdftotext(build(s, "decision", id=decided).pdf, layout=False))
        a.check("quyết định ký", "TM.ỦYBANNHÂNDÂN" not in text, "an award decision signed TM.")
        nominees = s.scalar(select(Nominee.id).limit(1))
        a.check("dữ liệu", nominees is not None, "no nominee")
    assert not a.problems, a.report()
