"""Cột dữ liệu: the fields a unit's table can carry, the header wordings that name them, and
the scoring that recognises a header cell ignoring case, diacritics, punctuation and typos.

Synonyms are written in their folded form (`match_key`), most specific first. A header cell
scores 1.0 on an exact wording, 0.9 when it starts with one, 0.8 when it contains one as whole
words, and the fuzzy ratio (≥ 0.84) for typos such as `Ho va tn`.
"""

from __future__ import annotations

import threading
from difflib import SequenceMatcher
from functools import lru_cache

from app.text import match_key

# Field code → Vietnamese label (the preview's column-mapping combo shows these).
FIELD_LABELS: dict[str, str] = {
    "seq": "Số thứ tự",
    "name": "Họ và tên / tên tập thể",
    "birth": "Ngày, năm sinh",
    "gender": "Giới tính",
    "ethnicity": "Dân tộc",
    "position": "Chức vụ",
    "position_unit": "Chức vụ, đơn vị công tác",
    "unit": "Đơn vị công tác",
    "award": "Danh hiệu, hình thức đề nghị",
    "achievement": "Tóm tắt thành tích",
    "rating": "Mức độ hoàn thành nhiệm vụ",
    "initiative": "Sáng kiến",
    "direct_worker": "Lao động trực tiếp",
    "subject": "Tập thể / cá nhân",
    "exemplar": "Điển hình tiên tiến",
    "notes": "Ghi chú",
    "proposer": "Đơn vị đề nghị (danh sách nhiều đơn vị)",
    "criterion": "Nội dung tiêu chí",
    "max_points": "Điểm chuẩn",
    "self_score": "Điểm tự chấm",
    "explanation": "Giải trình",
    "criterion_id": "Mã tiêu chí (ẩn)",
    "indicator": "Chỉ tiêu, nội dung",
    "measure": "Đơn vị tính",
    "value": "Số liệu, kết quả",
    "award2": "Danh hiệu, hình thức (cột thứ hai)",
    "year": "Năm (năm đạt thành tích)",
    "decision": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "issuer": "Cơ quan quyết định",
    "award_kind": "Loại khen (thường xuyên, đột xuất, chuyên đề)",
    "money": "Số tiền thưởng",
    "rated_by": "Người, cơ quan đánh giá",
    "discipline": "Hình thức kỷ luật",
    "discipline_from": "Ngày kỷ luật",
    "initiative_decision": "Quyết định công nhận sáng kiến",
    "initiative_scope": "Phạm vi sáng kiến",
    "initiative_date": "Ngày quyết định công nhận sáng kiến",
    "investigation": "Đang bị điều tra, thanh tra, khiếu nại",
    "investigation_from": "Ngày bắt đầu điều tra, thanh tra",
    "initiative_body": "Cơ quan công nhận sáng kiến",
    "courtesy": "Tên gọi, cấp bậc (Ông/Bà, Thiếu úy ...)",
    "department": "Phòng ban, tổ công tác",
    "address": "Địa chỉ, nơi ở",
    "occupation": "Nghề nghiệp",
    "category": "Phân loại đối tượng",
    "sector": "Lĩnh vực hoạt động",
}

# Headers naming a column of collectives' names (`Tên đơn vị / tập thể`): the name column of a
# list of collectives, but the unit column beside a `Họ và tên` (layout settles it).
UNIT_NAME_HEADERS = ("ten don vi tap the", "ten don vi", "ten tap the don vi", "ten co quan don vi",
                     "ten co quan", "ten don vi co quan")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("stt", "tt", "so tt", "so thu tu", "thu tu", "s tt"),
    "name": ("ho va ten", "ho ten", "ho va ten tap the ca nhan", "ho ten tap the ca nhan",
             "ten tap the ca nhan", "ten tap the hoac ca nhan", "tap the ca nhan de nghi",
             "ten tap the va ho ten ca nhan", "ho va ten ca nhan ten tap the", "ten tap the",
             "ten ca nhan tap the", "ho va ten nguoi de nghi", "ten don vi ca nhan",
             "ho ten ca nhan", "ho va ten ca nhan", "ten tap the ca nhan ho gia dinh",
             "ten ca nhan tap the ho gia dinh", *UNIT_NAME_HEADERS),
    "birth": ("nam sinh", "ngay sinh", "ngay thang nam sinh", "sinh ngay", "ngay thang nam sinh nam nu",
              "nam sinh nam nu", "ngay sinh nam nu", "thang nam sinh"),
    "gender": ("gioi tinh", "gioi", "nam nu", "nam hay nu"),
    "ethnicity": ("dan toc", "dan toc ton giao"),
    "position_unit": ("chuc vu don vi cong tac", "chuc vu noi cong tac", "chuc vu don vi",
                      "chuc vu co quan don vi", "chuc vu chuc danh don vi cong tac",
                      "chuc danh don vi cong tac", "chuc vu va don vi cong tac",
                      "chuc vu dia chi", "chuc vu noi o"),
    "position": ("chuc vu", "chuc danh", "chuc vu chuc danh", "chuc vu nghe nghiep",
                 "chuc vu hien nay"),
    "unit": ("don vi cong tac", "noi cong tac", "co quan don vi", "co quan cong tac", "don vi",
             "co quan", "thuoc don vi", "ten don vi tap the cong tac", "ten don vi cong tac",
             "co quan don vi cong tac", "ten co quan don vi cong tac"),
    # An address, an occupation: the unit and the position only when the list has none.
    "address": ("dia chi", "noi cu tru", "dia chi noi cu tru", "dia chi noi o", "noi o", "cho o hien nay",
                "dia chi thuong tru", "noi thuong tru"),
    "occupation": ("nghe nghiep", "nghe nghiep hien nay", "nghe nghiep viec lam"),
    "department": ("ten phong ban khoi to cong tac", "phong ban", "ten phong ban", "phong ban bo phan",
                   "bo phan cong tac", "to cong tac", "phong ban khoi to cong tac", "khoi phong ban"),
    # The provinces' systems: `Tên gọi (Ông/Bà/Chức danh)`, who the row is by their catalogue.
    "courtesy": ("ten goi", "ten goi ong ba", "ten goi ong ba chuc danh", "danh xung", "xung ho",
                 "ong ba", "cap bac", "quan ham", "cap bac quan ham", "ten goi chuc danh"),
    "category": ("phan loai doi tuong", "ma phan loai doi tuong", "phan loai can bo", "ma phan loai can bo",
                 "phan loai tap the", "ma phan loai tap the", "phan loai don vi", "ma phan loai don vi",
                 "ten phan loai don vi"),
    "sector": ("linh vuc hoat dong", "ma linh vuc hoat dong", "linh vuc", "nganh linh vuc"),
    "award": ("hinh thuc de nghi", "danh hieu de nghi", "danh hieu hinh thuc de nghi",
              "hinh thuc danh hieu de nghi", "hinh thuc khen thuong de nghi",
              "danh hieu thi dua de nghi", "hinh thuc khen thuong", "danh hieu thi dua",
              "de nghi khen thuong", "danh hieu", "hinh thuc", "danh hieu dang ky",
              "dang ky danh hieu", "danh hieu thi dua dang ky", "muc khen thuong",
              "loai hinh khen thuong", "de nghi", "danh hieu thi dua hinh thuc khen thuong",
              "hinh thuc khen thuong danh hieu thi dua", "ma hinh thuc khen thuong",
              "ma danh hieu thi dua", "ma danh hieu thi dua neu co", "ma hinh thuc khen thuong neu co"),
    "achievement": ("tom tat thanh tich", "thanh tich chu yeu", "thanh tich", "noi dung thanh tich",
                    "thanh tich dat duoc", "ly do khen thuong", "tom tat thanh tich chu yeu",
                    "thanh tich noi bat"),
    "rating": ("muc do hoan thanh nhiem vu", "xep loai", "danh gia xep loai",
               "ket qua danh gia xep loai", "xep loai muc do hoan thanh nhiem vu",
               "muc do hoan thanh", "ket qua xep loai", "danh gia", "xep loai nam",
               "ket qua danh gia"),
    "initiative": ("sang kien", "ten sang kien", "sang kien de tai", "sang kien kinh nghiem",
                   "ten sang kien quyet dinh cong nhan", "sang kien quyet dinh cong nhan",
                   "sang kien giai phap", "de tai sang kien", "quyet dinh cong nhan sang kien",
                   "qd cong nhan sang kien", "ten sk", "sk", "sang kien sk", "ten sang kien sk",
                   "ten sang kien de tai", "sang kien de tai khoa hoc"),
    "direct_worker": ("lao dong truc tiep", "nguoi lao dong truc tiep", "ld truc tiep",
                      "lao dong truc tiep x"),
    "subject": ("doi tuong", "loai doi tuong", "doi tuong de nghi"),
    "exemplar": ("dien hinh tien tien", "dang ky dien hinh tien tien", "dien hinh",
                 "xay dung dien hinh tien tien"),
    "notes": ("ghi chu", "ghi chu khac"),
    # A list of many units (the office's own export): which unit proposed each row.
    "proposer": ("don vi de nghi", "co quan don vi de nghi", "don vi trinh", "co quan de nghi"),
    "criterion": ("noi dung tieu chi", "tieu chi", "noi dung cham diem", "cac tieu chi",
                  "noi dung thi dua", "tieu chi cham diem", "noi dung tieu chi cham diem",
                  "noi dung"),
    "max_points": ("diem chuan", "diem toi da", "thang diem", "diem chuan toi da", "so diem toi da",
                   "diem quy dinh", "khung diem"),
    "self_score": ("diem tu cham", "tu cham", "don vi tu cham", "diem tu danh gia", "tu cham diem",
                   "diem don vi tu cham", "diem tu cham cua don vi"),
    "explanation": ("giai trinh", "thuyet minh", "dien giai", "giai trinh dien giai",
                    "ly do tru cong diem", "can cu cham diem"),
    "criterion_id": ("ma tieu chi", "id"),
    "indicator": ("chi tieu", "noi dung chi tieu", "ten chi tieu", "chi tieu thi dua",
                  "noi dung bao cao"),
    "measure": ("don vi tinh", "dvt", "dv tinh"),
    "value": ("so lieu", "ket qua", "so luong", "ket qua thuc hien", "gia tri", "thuc hien",
              "ket qua dat duoc"),
    # The award books (sổ theo dõi khen thưởng) of earlier years.
    "year": ("nam", "nam khen thuong", "nam duoc khen thuong", "nam dat", "nam dat danh hieu",
             "nam thanh tich", "nam cong nhan", "nam xet", "khen thuong nam", "nam dat thanh tich"),
    "decision": ("so quyet dinh", "quyet dinh so", "so qd", "qd so", "so ky hieu quyet dinh",
                 "so ky hieu", "so hieu quyet dinh", "so ngay quyet dinh", "so va ngay quyet dinh",
                 "quyet dinh khen thuong", "so quyet dinh ngay ky", "so ngay qd", "so qd ngay",
                 "so ngay thang quyet dinh", "quyet dinh", "can cu quyet dinh", "so quyet dinh khen thuong"),
    "decision_date": ("ngay quyet dinh", "ngay ky", "ngay ky quyet dinh", "ngay ban hanh", "ngay qd",
                      "ngay thang nam quyet dinh", "ngay ky qd"),
    "issuer": ("co quan quyet dinh", "cap khen", "cap quyet dinh", "co quan ban hanh", "cap khen thuong",
               "co quan khen thuong", "nguoi ky", "tham quyen", "co quan ban hanh quyet dinh",
               "don vi ban hanh", "cap ra quyet dinh"),
    # (`Phân loại khen thưởng` of a nominee list says cá nhân / tập thể: layout tells by the values.)
    "award_kind": ("loai khen", "loai khen thuong", "phan loai khen thuong", "phan loai",
                   "ma phan loai khen thuong",
                   "loai thanh tich", "khen thuong thuong xuyen dot xuat"),
    "money": ("so tien", "so tien thuong", "tien thuong", "muc tien thuong", "so tien thuong dong",
              "tien thuong dong", "thanh tien", "muc thuong"),
    # The year-end rating lists (danh sách đánh giá, xếp loại).
    "rated_by": ("nguoi danh gia", "cap danh gia", "nguoi xep loai", "co quan danh gia",
                 "hoi dong danh gia", "nguoi co tham quyen danh gia", "cap co tham quyen danh gia"),
    "discipline": ("hinh thuc ky luat", "ky luat", "bi ky luat", "muc ky luat", "ky luat neu co"),
    "discipline_from": ("ngay ky luat", "ngay quyet dinh ky luat", "ngay qd ky luat", "thoi diem ky luat",
                        "ky luat tu ngay"),
    # (`Quyết định công nhận sáng kiến` is `initiative` in a proposal list that has no other
    # initiative column; beside `Tên sáng kiến` it is the decision: layout._initiative_pair.)
    "initiative_decision": ("so quyet dinh cong nhan sang kien", "so qd cong nhan sang kien",
                            "so quyet dinh cong nhan", "so qd cong nhan", "quyet dinh cong nhan so",
                            "qd cong nhan sk", "quyet dinh cong nhan sk", "so qd cong nhan sk",
                            "so quyet dinh cong nhan sk", "qd cn sk", "so qd cn sk", "so ky hieu qd cong nhan", "qd cong nhan sang kien so"),
    "initiative_scope": ("pham vi sang kien", "pham vi anh huong", "pham vi ap dung", "cap cong nhan",
                         "cap cong nhan sang kien", "pham vi anh huong cua sang kien", "pham vi sk",
                         "pham vi anh huong sk", "cap sk", "cap sang kien", "cap cong nhan sk",
                         "pham vi anh huong cap", "pham vi cong nhan"),
    "initiative_date": ("ngay qd cong nhan", "ngay quyet dinh cong nhan", "ngay cong nhan",
                        "ngay cong nhan sk", "ngay cong nhan sang kien", "ngay qd cong nhan sk",
                        "ngay quyet dinh cong nhan sang kien", "ngay qd cong nhan sang kien"),
    "investigation": ("dang bi dieu tra thanh tra khieu nai", "dieu tra thanh tra khieu nai", "thanh tra khieu nai",
                      "dang bi dieu tra", "dang bi thanh tra", "dieu tra thanh tra", "khieu nai to cao",
                      "dang bi xem xet thanh tra khieu nai"),
    "investigation_from": ("ngay bat dau dieu tra thanh tra", "ngay bat dau thanh tra", "ngay bat dau dieu tra",
                           "ngay thanh tra", "ngay dieu tra", "thanh tra tu ngay", "ngay bat dau dieu tra thanh tra khieu nai"),
    "initiative_body": ("co quan cong nhan", "co quan cong nhan sang kien", "co quan cong nhan sk",
                        "don vi cong nhan", "hoi dong cong nhan", "noi cong nhan",
                        "hoi dong sang kien"),
}

# Which fields each kind of workbook needs to recognise a header row, and which one must be
# present among them (the table's identity column).
KIND_KEY_FIELDS = {
    "award_proposal": "name",
    "registration": "name",
    "ratings": "name",
    "ledger": "name",
    "bloc_scores": "self_score",
    "report": "value",
}

_PAIRS: list[tuple[str, str]] = [(syn, f) for f, syns in SYNONYMS.items() for syn in syns]
# One matcher per synonym, its side analysed once (SequenceMatcher caches the second sequence);
# shared, so used under a lock (imports may run on a worker thread).
_FUZZY = [(SequenceMatcher(None, "", syn, autojunk=True), fld) for syn, fld in _PAIRS if len(syn) >= 5]
_FUZZY_LOCK = threading.Lock()


@lru_cache(maxsize=4096)
def score_header(text: str) -> tuple[str | None, float]:
    """The field a header cell names and how sure we are (0 … 1)."""
    key = match_key(text)
    if not key or len(key) > 90:
        return None, 0.0
    best: tuple[str | None, float] = (None, 0.0)
    padded = f" {key} "
    for syn, fld in _PAIRS:
        if key == syn:
            return fld, 1.0
        if key.startswith(syn + " "):
            score = 0.9 + 0.05 * len(syn) / len(key)
        elif f" {syn} " in padded and len(syn) >= 6:
            score = 0.8 + 0.05 * len(syn) / len(key)
        else:
            continue
        if score > best[1]:
            best = (fld, score)
    if best[1] >= 0.9:
        return best
    if len(key) >= 5:
        with _FUZZY_LOCK:
            for matcher, fld in _FUZZY:
                if abs(len(matcher.b) - len(key)) > 3:
                    continue
                matcher.set_seq1(key)
                # The quick ratios are upper bounds of ratio(): most cells (names, dates in the
                # rows scanned for the header) are ruled out without the full comparison.
                if matcher.real_quick_ratio() < 0.84 or matcher.quick_ratio() < 0.84:
                    continue
                ratio = matcher.ratio()
                if ratio >= 0.84 and ratio > best[1]:
                    best = (fld, ratio * 0.95)
    return best


def is_gender_label(text: object) -> str | None:
    """A sub-header `Nam` / `Nữ` under a birth column: which gender its values are."""
    key = match_key(text)
    if key in ("nam", "nam gioi"):
        return "Nam"
    if key in ("nu", "nu gioi"):
        return "Nữ"
    return None
