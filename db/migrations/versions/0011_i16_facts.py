"""facts a clerk records (ratings with who rated, discipline and investigations of people and
collectives, recognised initiatives), the powers of each level, and the rules corrected

Revision ID: 0011_i16_facts
Revises: 0010_i24_units

- `person_ratings.rated_by`, `unit_ratings.rated_by`: who gave the rating (the head of the
  unit, the commune's council for a direct worker, the superior for a collective).
- `disciplines` and `investigations` may be of a collective (`unit_id`; `person_id` becomes
  optional); a discipline keeps its decision, an investigation its kind (investigation,
  inspection, complaint) and how it closed.
- `initiatives`: the recognising decision (`decision_number`, `decision_date`) and the years
  applied. An initiative is recognised only with a decision: the old `recognised_by` held the
  decision reference, so it moves to `decision_number`; rows without one (typed in a proposal
  list) stay declared only.
- `award_powers`: the awards each level's authority decides itself, by period (Luật TĐKT 2022
  Điều 79–80; Nghị định 129/2025/NĐ-CP: no district authority after 30/6/2025). Filled here
  for a data file whose catalogue is already seeded; a new file is seeded at start.
- The catalogue's rules, where the office has not edited them (same criteria as seeded):
  CSTĐCS asks for the LĐTT standard; CSTĐ cấp tỉnh and Bằng khen read the latest run not yet
  used; CSTĐ toàn quốc two CSTĐ cấp tỉnh in a row; the province's flag a bloc the province
  organises; Bằng khen's routes by dossier kind and no interval between two; Bằng khen paid
  1.0 × base salary before 1/7/2025.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0011_i16_facts"
down_revision = "0010_i24_units"
branch_labels = None
depends_on = None

POWERS = [  # (level, valid_from, valid_to, legal basis, award codes)
    ("huyen", "2017-07-31", "2023-12-31", "Luật Thi đua, khen thưởng 2003 (sửa đổi 2013) Điều 77",
     ["GK", "LDTT", "CSTDCS", "TTLDTT", "THON_VH", "GDVH"]),
    ("huyen", "2024-01-01", "2025-06-30", "Luật Thi đua, khen thưởng 2022 Điều 80 khoản 1 (Chủ tịch UBND "
     "cấp huyện); cấp huyện kết thúc hoạt động từ 01/07/2025", ["GK", "LDTT", "CSTDCS", "TTLDTT", "THON_VH", "GDVH"]),
    ("xa", "2017-07-31", "2025-06-30", "Luật Thi đua, khen thưởng 2022 Điều 80 khoản 2 (Chủ tịch UBND cấp "
     "xã trước 01/07/2025)", ["GK", "GDVH"]),
    ("xa", "2025-07-01", None, "Nghị định 129/2025/NĐ-CP Điều 59 (thẩm quyền của Chủ tịch UBND cấp huyện "
     "chuyển cho Chủ tịch UBND cấp xã); Luật Thi đua, khen thưởng 2022 Điều 80",
     ["GK", "LDTT", "CSTDCS", "TTLDTT", "THON_VH", "GDVH"]),
    ("tinh", "2017-07-31", None, "Luật Thi đua, khen thưởng 2022 Điều 79 (Chủ tịch UBND cấp tỉnh)",
     ["BK_TINH", "CSTD_TINH", "CO_TINH", "TTLDXS", "XA_TIEU_BIEU", "CSTDCS", "LDTT", "TTLDTT", "THON_VH"]),
]

RULE_FIXES = {('CSTDCS', '2024-01-01'): {'old_criteria': 'a6bdf94e2c10ab92',
                            'criteria': {'same_year_award': 'LDTT',
                                         'any_of': [{'rating': 'HTXSNV'},
                                                    {'initiatives': 1, 'initiative_scope': 'co_so'}],
                                         'unit_cap': None,
                                         'articles': {'same_year_award': 'Luật Thi đua, khen thưởng 2022 '
                                                                         'Điều 23 khoản 1 (đạt tiêu chuẩn '
                                                                         'Lao động tiên tiến)',
                                                      'rating': 'Luật Thi đua, khen thưởng 2022 Điều 23 '
                                                                'khoản 2',
                                                      'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều 23 '
                                                                     'khoản 2',
                                                      'cap': 'Cài đặt của cơ quan (Luật 2022 không quy định '
                                                             'tỷ lệ)'},
                                         'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5'}},
 ('CSTDCS', '2025-07-01'): {'old_criteria': '915beeb7972510c7',
                            'criteria': {'same_year_award': 'LDTT',
                                         'any_of': [{'rating': 'HTXSNV'},
                                                    {'initiatives': 1, 'initiative_scope': 'co_so'}],
                                         'unit_cap': None,
                                         'articles': {'same_year_award': 'Luật Thi đua, khen thưởng 2022 '
                                                                         'Điều 23 khoản 1 (đạt tiêu chuẩn '
                                                                         'Lao động tiên tiến)',
                                                      'rating': 'Luật Thi đua, khen thưởng 2022 Điều 23 '
                                                                'khoản 2',
                                                      'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều 23 '
                                                                     'khoản 2',
                                                      'cap': 'Cài đặt của cơ quan (Luật 2022 không quy định '
                                                             'tỷ lệ)'},
                                         'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5; Nghị '
                                                             'định 152/2025/NĐ-CP Điều 4'}},
 ('CSTD_TINH', '2017-07-31'): {'old_criteria': '4225940a1d50c9df',
                               'criteria': {'prerequisite': 'CSTDCS',
                                            'prerequisite_consecutive': 3,
                                            'initiatives': 1,
                                            'initiative_scope': 'tinh',
                                            'principles_basis': 'Luật Thi đua, khen thưởng 2003 Điều 6',
                                            'run_end_lag': 1,
                                            'counting_years': 3}},
 ('CSTD_TINH', '2024-01-01'): {'old_criteria': '947c03e086efc2ce',
                               'criteria': {'prerequisite': 'CSTDCS',
                                            'prerequisite_consecutive': 3,
                                            'initiatives': 1,
                                            'initiative_scope': 'tinh',
                                            'articles': {'prerequisite': 'Luật Thi đua, khen thưởng 2022 '
                                                                         'Điều 22',
                                                         'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                        '22'},
                                            'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5',
                                            'run_end_lag': 1,
                                            'counting_years': 3}},
 ('CSTD_TINH', '2025-07-01'): {'old_criteria': 'ef2146b4995d32b9',
                               'criteria': {'prerequisite': 'CSTDCS',
                                            'prerequisite_consecutive': 3,
                                            'initiatives': 1,
                                            'initiative_scope': 'tinh',
                                            'articles': {'prerequisite': 'Luật Thi đua, khen thưởng 2022 '
                                                                         'Điều 22',
                                                         'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                        '22'},
                                            'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5; Nghị '
                                                                'định 152/2025/NĐ-CP Điều 4',
                                            'run_end_lag': 1,
                                            'counting_years': 3}},
 ('CSTD_TQ', '2017-07-31'): {'old_criteria': 'c1bf835c9d1c69a7',
                             'criteria': {'prerequisite': 'CSTD_TINH',
                                          'prerequisite_times': 2,
                                          'initiatives': 1,
                                          'initiative_scope': 'toan_quoc',
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2003 Điều 6',
                                          'prerequisite_max_gap': 3,
                                          'counting_years': 6}},
 ('CSTD_TQ', '2024-01-01'): {'old_criteria': '749850c7b2228113',
                             'criteria': {'prerequisite': 'CSTD_TINH',
                                          'prerequisite_times': 2,
                                          'initiatives': 1,
                                          'initiative_scope': 'toan_quoc',
                                          'articles': {'prerequisite': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '21',
                                                       'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                      '21'},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5',
                                          'prerequisite_max_gap': 3,
                                          'counting_years': 6}},
 ('CSTD_TQ', '2025-07-01'): {'old_criteria': '936cf248bebcb8c0',
                             'criteria': {'prerequisite': 'CSTD_TINH',
                                          'prerequisite_times': 2,
                                          'initiatives': 1,
                                          'initiative_scope': 'toan_quoc',
                                          'articles': {'prerequisite': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '21',
                                                       'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                      '21'},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5; Nghị '
                                                              'định 152/2025/NĐ-CP Điều 4',
                                          'prerequisite_max_gap': 3,
                                          'counting_years': 6}},
 ('CO_TINH', '2017-07-31'): {'old_criteria': '98bec6fd8fceb579',
                             'criteria': {'leading_unit_of_bloc': True,
                                          'one_per_bloc_year': True,
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2003 Điều 6',
                                          'bloc_organisers': ['province']}},
 ('CO_TINH', '2024-01-01'): {'old_criteria': '257ca5181c70f8a0',
                             'criteria': {'leading_unit_of_bloc': True,
                                          'one_per_bloc_year': True,
                                          'articles': {'leading_unit': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '26',
                                                       'one_per_bloc': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '26'},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5',
                                          'bloc_organisers': ['province']}},
 ('CO_TINH', '2025-07-01'): {'old_criteria': '71b90cc0232cca67',
                             'criteria': {'leading_unit_of_bloc': True,
                                          'one_per_bloc_year': True,
                                          'articles': {'leading_unit': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '26',
                                                       'one_per_bloc': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '26'},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5; Nghị '
                                                              'định 152/2025/NĐ-CP Điều 4',
                                          'bloc_organisers': ['province']}},
 ('BK_TINH', '2017-07-31'): {'old_criteria': '4162f78ac3d10665',
                             'criteria': {'individual': {'any_of': [{'route': '2 năm liên tục Chiến sĩ thi '
                                                                              'đua cơ sở',
                                                                     'categories': ['regular'],
                                                                     'prerequisite': 'CSTDCS',
                                                                     'prerequisite_consecutive': 2,
                                                                     'run_end_lag': 1},
                                                                    {'route': '2 năm hoàn thành xuất sắc '
                                                                              'nhiệm vụ và 2 sáng kiến',
                                                                     'categories': ['regular'],
                                                                     'consecutive_years': 2,
                                                                     'rating': 'HTXSNV',
                                                                     'initiatives': 2,
                                                                     'initiative_scope': 'co_so',
                                                                     'run_end_lag': 1},
                                                                    {'route': 'phong trào thi đua',
                                                                     'categories': ['movement'],
                                                                     'movement_levels': ['tinh',
                                                                                         'trung_uong'],
                                                                     'achievement': True},
                                                                    {'route': 'đột xuất',
                                                                     'categories': ['sudden'],
                                                                     'achievement': True},
                                                                    {'route': 'người lao động trực tiếp',
                                                                     'categories': ['regular', 'movement'],
                                                                     'direct_worker': True,
                                                                     'achievement': True}]},
                                          'collective': {'any_of': [{'route': '2 năm liên tục hoàn thành '
                                                                              'xuất sắc nhiệm vụ',
                                                                     'categories': ['regular'],
                                                                     'consecutive_years': 2,
                                                                     'rating': 'HTXSNV',
                                                                     'run_end_lag': 1},
                                                                    {'route': '2 năm liên tục Tập thể lao '
                                                                              'động xuất sắc',
                                                                     'categories': ['regular'],
                                                                     'prerequisite': 'TTLDXS',
                                                                     'prerequisite_consecutive': 2,
                                                                     'run_end_lag': 1},
                                                                    {'route': 'phong trào thi đua',
                                                                     'categories': ['movement'],
                                                                     'movement_levels': ['tinh',
                                                                                         'trung_uong'],
                                                                     'achievement': True},
                                                                    {'route': 'đột xuất',
                                                                     'categories': ['sudden'],
                                                                     'achievement': True}]},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2003 Điều 6'},
                             'coefficients': {'coefficient_individual': (1.5, 1.0),
                                              'coefficient_collective': (3.0, 2.0),
                                              'coefficient_household': (2.25, 1.5)}},
 ('BK_TINH', '2024-01-01'): {'old_criteria': '912eb8a886c22dee',
                             'criteria': {'individual': {'any_of': [{'route': '2 năm liên tục Chiến sĩ thi '
                                                                              'đua cơ sở',
                                                                     'categories': ['regular'],
                                                                     'prerequisite': 'CSTDCS',
                                                                     'prerequisite_consecutive': 2,
                                                                     'run_end_lag': 1},
                                                                    {'route': '2 năm hoàn thành xuất sắc '
                                                                              'nhiệm vụ và 2 sáng kiến',
                                                                     'categories': ['regular'],
                                                                     'consecutive_years': 2,
                                                                     'rating': 'HTXSNV',
                                                                     'initiatives': 2,
                                                                     'initiative_scope': 'co_so',
                                                                     'run_end_lag': 1},
                                                                    {'route': 'phong trào thi đua',
                                                                     'categories': ['movement'],
                                                                     'movement_levels': ['tinh',
                                                                                         'trung_uong'],
                                                                     'achievement': True},
                                                                    {'route': 'đột xuất',
                                                                     'categories': ['sudden'],
                                                                     'achievement': True},
                                                                    {'route': 'người lao động trực tiếp',
                                                                     'categories': ['regular', 'movement'],
                                                                     'direct_worker': True,
                                                                     'achievement': True}]},
                                          'collective': {'any_of': [{'route': '2 năm liên tục hoàn thành '
                                                                              'xuất sắc nhiệm vụ',
                                                                     'categories': ['regular'],
                                                                     'consecutive_years': 2,
                                                                     'rating': 'HTXSNV',
                                                                     'run_end_lag': 1},
                                                                    {'route': '2 năm liên tục Tập thể lao '
                                                                              'động xuất sắc',
                                                                     'categories': ['regular'],
                                                                     'prerequisite': 'TTLDXS',
                                                                     'prerequisite_consecutive': 2,
                                                                     'run_end_lag': 1},
                                                                    {'route': 'phong trào thi đua',
                                                                     'categories': ['movement'],
                                                                     'movement_levels': ['tinh',
                                                                                         'trung_uong'],
                                                                     'achievement': True},
                                                                    {'route': 'đột xuất',
                                                                     'categories': ['sudden'],
                                                                     'achievement': True}]},
                                          'articles': {'prerequisite': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '74',
                                                       'consecutive': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                      '74',
                                                       'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                      '74',
                                                       'phong trào thi đua': 'Luật Thi đua, khen thưởng 2022 '
                                                                             'Điều 74 khoản 1 điểm a',
                                                       'đột xuất': 'Luật Thi đua, khen thưởng 2022 Điều 74 '
                                                                   'khoản 1 điểm b',
                                                       'người lao động trực tiếp': 'Luật Thi đua, khen '
                                                                                   'thưởng 2022 Điều 74 '
                                                                                   'khoản 2'},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5'},
                             'coefficients': {'coefficient_individual': (1.5, 1.0),
                                              'coefficient_collective': (3.0, 2.0),
                                              'coefficient_household': (2.25, 1.5)}},
 ('BK_TINH', '2025-07-01'): {'old_criteria': 'd17867c6ceb06bd8',
                             'criteria': {'individual': {'any_of': [{'route': '2 năm liên tục Chiến sĩ thi '
                                                                              'đua cơ sở',
                                                                     'categories': ['regular'],
                                                                     'prerequisite': 'CSTDCS',
                                                                     'prerequisite_consecutive': 2,
                                                                     'run_end_lag': 1},
                                                                    {'route': '2 năm hoàn thành xuất sắc '
                                                                              'nhiệm vụ và 2 sáng kiến',
                                                                     'categories': ['regular'],
                                                                     'consecutive_years': 2,
                                                                     'rating': 'HTXSNV',
                                                                     'initiatives': 2,
                                                                     'initiative_scope': 'co_so',
                                                                     'run_end_lag': 1},
                                                                    {'route': 'phong trào thi đua',
                                                                     'categories': ['movement'],
                                                                     'movement_levels': ['tinh',
                                                                                         'trung_uong'],
                                                                     'achievement': True},
                                                                    {'route': 'đột xuất',
                                                                     'categories': ['sudden'],
                                                                     'achievement': True},
                                                                    {'route': 'người lao động trực tiếp',
                                                                     'categories': ['regular', 'movement'],
                                                                     'direct_worker': True,
                                                                     'achievement': True}]},
                                          'collective': {'any_of': [{'route': '2 năm liên tục hoàn thành '
                                                                              'xuất sắc nhiệm vụ',
                                                                     'categories': ['regular'],
                                                                     'consecutive_years': 2,
                                                                     'rating': 'HTXSNV',
                                                                     'run_end_lag': 1},
                                                                    {'route': '2 năm liên tục Tập thể lao '
                                                                              'động xuất sắc',
                                                                     'categories': ['regular'],
                                                                     'prerequisite': 'TTLDXS',
                                                                     'prerequisite_consecutive': 2,
                                                                     'run_end_lag': 1},
                                                                    {'route': 'phong trào thi đua',
                                                                     'categories': ['movement'],
                                                                     'movement_levels': ['tinh',
                                                                                         'trung_uong'],
                                                                     'achievement': True},
                                                                    {'route': 'đột xuất',
                                                                     'categories': ['sudden'],
                                                                     'achievement': True}]},
                                          'articles': {'prerequisite': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                       '74',
                                                       'consecutive': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                      '74',
                                                       'initiatives': 'Luật Thi đua, khen thưởng 2022 Điều '
                                                                      '74',
                                                       'phong trào thi đua': 'Luật Thi đua, khen thưởng 2022 '
                                                                             'Điều 74 khoản 1 điểm a',
                                                       'đột xuất': 'Luật Thi đua, khen thưởng 2022 Điều 74 '
                                                                   'khoản 1 điểm b',
                                                       'người lao động trực tiếp': 'Luật Thi đua, khen '
                                                                                   'thưởng 2022 Điều 74 '
                                                                                   'khoản 2'},
                                          'principles_basis': 'Luật Thi đua, khen thưởng 2022 Điều 5; Nghị '
                                                              'định 152/2025/NĐ-CP Điều 4'}}}


def _digest(criteria) -> str:
    return hashlib.sha1(json.dumps(criteria, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def _rules(bind) -> None:
    types = dict(bind.execute(sa.text("SELECT code, id FROM award_types")).all())
    for (code, valid_from), fix in RULE_FIXES.items():
        if code not in types:
            continue
        row = bind.execute(sa.text("SELECT id, criteria, coefficient_individual, coefficient_collective, "
                                   "coefficient_household FROM award_rules WHERE award_type_id = :t "
                                   "AND valid_from = :f"),
                           {"t": types[code], "f": dt.date.fromisoformat(valid_from)}).first()
        if row is None:
            continue
        criteria = json.loads(row[1]) if isinstance(row[1], str) else (row[1] or {})
        if "criteria" in fix and _digest(criteria) == fix["old_criteria"]:
            bind.execute(sa.text("UPDATE award_rules SET criteria = :c WHERE id = :i"),
                         {"c": json.dumps(fix["criteria"], ensure_ascii=False), "i": row[0]})
        for column, (old, new) in fix.get("coefficients", {}).items():
            current = row[{"coefficient_individual": 2, "coefficient_collective": 3,
                           "coefficient_household": 4}[column]]
            if current is not None and old is not None and abs(float(current) - old) < 1e-9:
                bind.execute(sa.text(f"UPDATE award_rules SET {column} = :v WHERE id = :i"),
                             {"v": new, "i": row[0]})


def upgrade() -> None:
    with op.batch_alter_table("person_ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rated_by", sa.String(length=200), server_default="", nullable=False))
    with op.batch_alter_table("unit_ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rated_by", sa.String(length=200), server_default="", nullable=False))
    with op.batch_alter_table("disciplines", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decision", sa.String(length=100), server_default="", nullable=False))
        batch_op.create_foreign_key(batch_op.f("fk_disciplines_unit_id_units"), "units", ["unit_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_disciplines_unit_id"), ["unit_id"], unique=False)
    with op.batch_alter_table("investigations", schema=None) as batch_op:
        batch_op.alter_column("person_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=20), server_default="investigation",
                                      nullable=False))
        batch_op.add_column(sa.Column("closed_note", sa.Text(), server_default="", nullable=False))
        batch_op.create_foreign_key(batch_op.f("fk_investigations_unit_id_units"), "units", ["unit_id"],
                                    ["id"], ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_investigations_unit_id"), ["unit_id"], unique=False)
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_number", sa.String(length=100), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("decision_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("years_applied", sa.String(length=100), server_default="",
                                      nullable=False))
    powers = op.create_table(
        "award_powers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("award_code", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_powers")),
    )
    with op.batch_alter_table("award_powers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_powers_level"), ["level"], unique=False)
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE initiatives SET decision_number = recognised_by, recognised_by = '' "
                         "WHERE recognised_by <> '' AND decision_number = ''"))
    if bind.execute(sa.text("SELECT id FROM award_types LIMIT 1")).first() is not None:
        op.bulk_insert(powers, [
            {"level": level, "award_code": code, "valid_from": dt.date.fromisoformat(start),
             "valid_to": dt.date.fromisoformat(end) if end else None, "legal_basis": basis}
            for level, start, end, basis, codes in POWERS for code in codes])
        _rules(bind)


def downgrade() -> None:
    with op.batch_alter_table("award_powers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_powers_level"))
    op.drop_table("award_powers")
    with op.batch_alter_table("initiatives", schema=None) as batch_op:
        batch_op.drop_column("years_applied")
        batch_op.drop_column("decision_date")
        batch_op.drop_column("decision_number")
    with op.batch_alter_table("investigations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_investigations_unit_id"))
        batch_op.drop_constraint(batch_op.f("fk_investigations_unit_id_units"), type_="foreignkey")
        batch_op.drop_column("closed_note")
        batch_op.drop_column("kind")
        batch_op.drop_column("unit_id")
    with op.batch_alter_table("disciplines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disciplines_unit_id"))
        batch_op.drop_constraint(batch_op.f("fk_disciplines_unit_id_units"), type_="foreignkey")
        batch_op.drop_column("decision")
        batch_op.drop_column("unit_id")
    with op.batch_alter_table("unit_ratings", schema=None) as batch_op:
        batch_op.drop_column("rated_by")
    with op.batch_alter_table("person_ratings", schema=None) as batch_op:
        batch_op.drop_column("rated_by")
