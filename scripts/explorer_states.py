"""The explorers' starting states: each is the worked example of the page its explorer sits on.

The static figures (``scripts/figures/explorers.py``) and their captions
(``scripts/tables/explorers.py``) both draw these states; the scripts under
docs/assets/javascripts/explorers/ start from them too (their ``DEFAULT``), and
``tests/test_explorers.py`` checks that each live explorer's first readout is its caption's.
"""

P = (0.10, 0.40, 0.50)
Q = (0.80, 0.15, 0.05)
LOGLOSS_P, LOGLOSS_Y = 0.8, 1
LOGITS, LABEL, TEMPERATURE = (1000.0, 999.0, 990.0), 1, 1.0
FIT_MEAN, FIT_STD = -2.0, 0.6
