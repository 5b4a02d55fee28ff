"""Bayesian decision figures under independent Beta(1 + conversions, 1 + non-conversions)
posteriors of the two conversion rates (uniform priors, as the chance to beat the baseline).

- `expected_loss`: E[max(p_baseline - p_variation, 0)], the rate lost on average by choosing the
  variation. With X1 ~ Beta(a1, b1) the baseline and X2 ~ Beta(a2, b2) the variation, the identity
  E[X1 1{X1 > X2}] = a1/(a1 + b1) · P(Beta(a1 + 1, b1) > X2) gives the closed form

      loss = a1/(a1+b1) · P(Beta(a1+1, b1) > X2) - a2/(a2+b2) · P(X1 > Beta(a2+1, b2)).

  Both probabilities follow from q = P(X1 > X2) by the recurrences of beta inequalities
  (J. D. Cook, "Exact calculation of beta inequalities", 2005): with
  h = B(a1 + a2, b1 + b2) / (B(a1, b1) B(a2, b2)), P(Beta(a1+1, b1) > X2) = q + h/a1 and
  P(X1 > Beta(a2+1, b2)) = q - h/a2. So the loss costs one exact sum (`bayes.prob_beta_greater`),
  or none when the caller already has the chance to beat the baseline (q = 1 - chance).
- `uplift_credible_interval`: equal-tailed quantiles of X2 / X1 - 1. With L = log X (density
  e^{a l} (1 - e^l)^{b-1} / B(a, b) on l < 0), D = L2 - L1 has the CDF
  G(d) = ∫ f1(l) F2(l + d) dl. F2 is tabulated on a grid (trapezoid with the Euler–Maclaurin
  end correction, so O(h⁴)) and read by cubic Hermite interpolation (its derivative f2 is known);
  the outer integral is Simpson's rule over exactly the l where 0 < F2(l + d) < 1, so no kink of
  F2 falls inside it, plus the mass of f1 above that range (F2 = 1 there). G(d) = q is solved by
  safeguarded Newton steps (the same pass gives G's slope) from the normal approximation of D
  (polygamma moments, with Cornish–Fisher's skewness term). The uplift's quantile is expm1(d).
  With large counts D is so nearly normal that the second-order Cornish-Fisher expansion (four
  cumulants) is already exact to its error bound (< CF_ERROR in d): that is used instead.

  Accuracy (checked against scipy in the tests): 1e-3 absolute or better on the uplift up to
  |uplift| = 100 (10,000%), and 1e-5 relative beyond (a baseline with almost no conversions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from convert_tui.stats.bayes import prob_beta_greater
from convert_tui.stats.distributions import log_beta, normal_ppf

GRID = 128  # intervals of each tabulated CDF and of the outer integral (even)
FINE_GRID = 256  # for a posterior with fewer than SKEWED conversions or non-conversions
SKEWED = 30  # below this log X is skewed enough that GRID leaves errors near 1e-3
SPAN = 13.0  # standard deviations of log X covered on each side of its mean
CF_ERROR = 1e-5  # largest error bound of the Cornish-Fisher quantile used as the answer
_TOL = 1e-8  # on the CDF: d is then exact to ~1e-8 / density


def _posterior(conversions: int, visitors: int) -> tuple[int, int] | None:
    if visitors <= 0:
        return None
    c = min(max(0, conversions), visitors)
    return c + 1, visitors - c + 1


def expected_loss(
    baseline_conversions: int,
    baseline_visitors: int,
    conversions: int,
    visitors: int,
    *,
    chance: float | None = None,
) -> float | None:
    """E[max(p_baseline - p_variation, 0)] in rate units; None without visitors in a group.

    `chance`: P(p_variation > p_baseline) for these counts when the caller has it already
    (`bayes.chance_to_beat`), which spares the one exact sum.
    """
    base = _posterior(baseline_conversions, baseline_visitors)
    var = _posterior(conversions, visitors)
    if base is None or var is None:
        return None
    (a1, b1), (a2, b2) = base, var
    # prob_beta_greater(x, y, u, v) = P(Beta(u, v) > Beta(x, y))
    base_beats = 1.0 - chance if chance is not None else prob_beta_greater(a2, b2, a1, b1)
    h = math.exp(log_beta(a1 + a2, b1 + b2) - log_beta(a1, b1) - log_beta(a2, b2))
    base_wins = min(1.0, base_beats + h / a1)  # P(Beta(a1 + 1, b1) > X2)
    var_loses = max(0.0, base_beats - h / a2)  # P(X1 > Beta(a2 + 1, b2))
    loss = a1 / (a1 + b1) * base_wins - a2 / (a2 + b2) * var_loses
    return max(0.0, loss)


# --- log-Beta moments -----------------------------------------------------------------------


def digamma(x: float) -> float:
    """ψ(x) for x > 0 (recurrence up to 6, then the asymptotic series; ~1e-13)."""
    result = 0.0
    while x < 6.0:
        result -= 1.0 / x
        x += 1.0
    inv2 = 1.0 / (x * x)
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    return result + math.log(x) - 0.5 / x - series


def trigamma(x: float) -> float:
    """ψ'(x) for x > 0 (recurrence up to 6, then the asymptotic series)."""
    result = 0.0
    while x < 6.0:
        result += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv * (1 + inv * (0.5 + inv * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 / 30)))))
    return result + series


def pentagamma(x: float) -> float:
    """The third derivative of ψ for x > 0 (recurrence up to 10, then the asymptotic series)."""
    result = 0.0
    while x < 10.0:
        result += 6.0 / (x * x * x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv2 * inv * (2 + inv * (3 + inv * (2 - inv2 * (1 - inv2 * (4 / 3 - inv2 * 3)))))
    return result + series


@lru_cache(maxsize=1024)
def _cumulants(a: int, b: int) -> tuple[float, float, float, float]:
    """The first four cumulants of log X, X ~ Beta(a, b) (polygamma differences)."""
    return (
        digamma(a) - digamma(a + b),
        trigamma(a) - trigamma(a + b),
        tetragamma(a) - tetragamma(a + b),
        pentagamma(a) - pentagamma(a + b),
    )


def _cornish_fisher(q: float, one: tuple[int, int], two: tuple[int, int]) -> tuple[float, float]:
    """The q quantile of D = L2 - L1 by the Cornish-Fisher expansion to second order, and a
    bound on its error (the second-order terms times the larger standardised cumulant: the
    size of the next order). Large counts make D nearly normal and the bound tiny."""
    m1, v1, t1, f1 = _cumulants(*one)
    m2, v2, t2, f2 = _cumulants(*two)
    sd = math.sqrt(v1 + v2)
    skew = (t2 - t1) / sd**3  # odd cumulants of -L1 change sign
    kurt = (f1 + f2) / sd**4
    z = normal_ppf(q)
    first = (z * z - 1.0) * skew / 6.0
    second = (z**3 - 3.0 * z) * kurt / 24.0 - (2.0 * z**3 - 5.0 * z) * skew * skew / 36.0
    d = m2 - m1 + (z + first + second) * sd
    error = (abs(second) + abs(first * skew)) * max(abs(skew), math.sqrt(abs(kurt))) * sd
    return d, error


def tetragamma(x: float) -> float:
    """ψ''(x) for x > 0 (recurrence up to 6, then the asymptotic series)."""
    result = 0.0
    while x < 6.0:
        result -= 2.0 / (x * x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = inv2 * (1 + inv * (1 + inv * (0.5 - inv2 * (1 / 6 - inv2 * (1 / 6 - inv2 * 0.3)))))
    return result - series


@dataclass(frozen=True, slots=True)
class _LogBeta:
    """log X for X ~ Beta(a, b): density, tabulated CDF, mean and standard deviation."""

    a: int
    b: int
    mean: float
    sd: float
    third: float  # third cumulant
    log_norm: float  # log B(a, b)
    lo: float
    step: float
    nodes: tuple[float, ...]
    density: tuple[float, ...]
    cdf: tuple[float, ...]

    @property
    def hi(self) -> float:
        return self.nodes[-1]

    def pdf(self, x: float) -> float:
        if x >= 0.0:
            return math.exp(-self.log_norm) if x == 0.0 and self.b == 1 else 0.0
        return math.exp(self.a * x + (self.b - 1) * math.log(-math.expm1(x)) - self.log_norm)

    def slope(self, x: float, f: float) -> float:
        """d/dl of the density at x (f = the density there)."""
        if x < 0.0:
            return f * (self.a - (self.b - 1) / math.expm1(-x))
        if self.b == 1:
            return self.a * f
        if self.b == 2:
            return -math.exp(-self.log_norm)
        return 0.0

    def cdf_at(self, x: float) -> float:
        """F(x) by cubic Hermite interpolation of the table (exact slopes)."""
        if x <= self.lo:
            return 0.0
        if x >= self.hi:
            return 1.0
        i = min(int((x - self.lo) / self.step), len(self.nodes) - 2)
        h = self.step
        t = (x - self.nodes[i]) / h
        t2, t3 = t * t, t * t * t
        return (
            (2 * t3 - 3 * t2 + 1) * self.cdf[i]
            + (t3 - 2 * t2 + t) * h * self.density[i]
            + (-2 * t3 + 3 * t2) * self.cdf[i + 1]
            + (t3 - t2) * h * self.density[i + 1]
        )


@lru_cache(maxsize=256)
def _log_beta(a: int, b: int) -> _LogBeta:
    mean, variance, third, _ = _cumulants(a, b)
    sd = math.sqrt(max(variance, 1e-300))
    lo = mean - SPAN * sd
    hi = min(0.0, mean + SPAN * sd)
    grid = FINE_GRID if min(a, b) < SKEWED else GRID
    step = (hi - lo) / grid
    norm = log_beta(a, b)
    shell = _LogBeta(a, b, mean, sd, third, norm, lo, step, (), (), ())
    nodes = (*(lo + i * step for i in range(grid)), hi)
    density = tuple(shell.pdf(x) for x in nodes)
    slopes = [shell.slope(x, f) for x, f in zip(nodes, density, strict=True)]
    cdf = [0.0]
    for i in range(grid):
        piece = 0.5 * step * (density[i] + density[i + 1])
        piece += step * step / 12.0 * (slopes[i] - slopes[i + 1])
        cdf.append(cdf[-1] + piece)
    total = cdf[-1]
    cdf_table = tuple(c / total for c in cdf)
    return _LogBeta(a, b, mean, sd, third, norm, lo, step, nodes, density, cdf_table)


def _difference_cdf(d: float, one: _LogBeta, two: _LogBeta) -> tuple[float, float]:
    """(P(L2 - L1 <= d), its density at d)."""
    start = max(one.lo, two.lo - d)
    stop = min(one.hi, two.hi - d)
    above = 1.0 - one.cdf_at(max(stop, start))  # F2 = 1 over l > two.hi - d
    if stop <= start:
        return min(1.0, max(0.0, above)), 0.0
    count = max(len(one.nodes), len(two.nodes)) - 1
    h = (stop - start) / count
    # the outer nodes are the table's: its densities need no new exp/log
    same_grid = start == one.lo and stop == one.hi and count == len(one.nodes) - 1
    lo2, step2, last, hi2 = two.lo, two.step, len(two.nodes) - 2, two.hi
    inv2 = 1.0 / step2
    cdf2, dens2 = two.cdf, two.density
    a1, b1_less, norm1 = one.a, one.b - 1, one.log_norm
    exp, log, expm1 = math.exp, math.log, math.expm1
    total = slope_total = 0.0
    # Simpson's weights 1, 4, 2, 4, ..., 4, 1
    for i in range(count + 1):
        x = start + i * h
        weight = 4.0 if i % 2 else 2.0
        if same_grid:
            f1 = one.density[i]
        elif x < 0.0:
            f1 = exp(a1 * x + b1_less * log(-expm1(x)) - norm1)  # one.pdf, inlined (hot loop)
        else:
            f1 = one.pdf(x)
        if i == 0 or i == count:
            weight = 1.0
        y = x + d
        if y <= lo2:
            continue
        if y >= hi2:
            total += weight * f1
            continue
        # cubic Hermite of F2 between its nodes j, j+1 (value and derivative)
        j = int((y - lo2) * inv2)
        if j > last:
            j = last
        t = (y - (lo2 + j * step2)) * inv2
        t2 = t * t
        t3 = t2 * t
        c0, c1, f0, fn = cdf2[j], cdf2[j + 1], dens2[j], dens2[j + 1]
        value = (2 * t3 - 3 * t2 + 1) * c0 + (t3 - 2 * t2 + t) * step2 * f0
        value += (3 * t2 - 2 * t3) * c1 + (t3 - t2) * step2 * fn
        deriv = (6 * t2 - 6 * t) * (c0 - c1) * inv2 + (3 * t2 - 4 * t + 1) * f0
        deriv += (3 * t2 - 2 * t) * fn
        wf = weight * f1
        total += wf * value
        slope_total += wf * deriv
    cdf = total * h / 3.0 + above
    return min(1.0, max(0.0, cdf)), max(0.0, slope_total * h / 3.0)


def _quantile(q: float, one: _LogBeta, two: _LogBeta) -> float:
    """d with P(L2 - L1 <= d) = q: Newton steps from the normal approximation of D, kept
    inside a bracket (bisection when a step would leave it, or where the density is 0).

    A step is at most MAX_STEP_SDS standard deviations: from a start deep in a tail (the
    density ~0 there) a plain Newton step went 744 sd away, where the density is 0 too."""
    sd = math.hypot(one.sd, two.sd)
    z = normal_ppf(q)
    skew = (two.third - one.third) / sd**3
    d = two.mean - one.mean + (z + (z * z - 1.0) * skew / 6.0) * sd  # Cornish–Fisher start
    lo_d, hi_d = -math.inf, math.inf
    for _ in range(200):
        value, density = _difference_cdf(d, one, two)
        gap = value - q
        if abs(gap) < _TOL:
            return d
        if gap < 0:
            lo_d = d
        else:
            hi_d = d
        if hi_d - lo_d < 1e-13 * max(1.0, abs(d)):
            return d
        bracketed = not (math.isinf(lo_d) or math.isinf(hi_d))
        if density <= 0 and bracketed:  # flat: no slope to follow
            d = 0.5 * (lo_d + hi_d)
            continue
        step = -gap / density if density > 0 else math.copysign(sd, -gap)
        nxt = d + max(-MAX_STEP_SDS * sd, min(MAX_STEP_SDS * sd, step))
        if not lo_d < nxt < hi_d:
            if math.isinf(lo_d):
                nxt = hi_d - 2 * sd
            elif math.isinf(hi_d):
                nxt = lo_d + 2 * sd
            else:
                nxt = 0.5 * (lo_d + hi_d)
        d = nxt
    return d


MAX_STEP_SDS = 4.0  # the longest Newton step of `_quantile`, in standard deviations of D


def uplift_credible_interval(
    baseline_conversions: int,
    baseline_visitors: int,
    conversions: int,
    visitors: int,
    *,
    level: float,
) -> tuple[float, float] | None:
    """The equal-tailed `level` credible interval of p_variation / p_baseline - 1."""
    base = _posterior(baseline_conversions, baseline_visitors)
    var = _posterior(conversions, visitors)
    if base is None or var is None or not 0.0 < level < 1.0:
        return None
    tail = (1.0 - level) / 2.0
    ends = []
    for q in (tail, 1.0 - tail):
        d, error = _cornish_fisher(q, base, var)
        if error > CF_ERROR:  # not normal enough: solve the convolution
            d = _quantile(q, _log_beta(*base), _log_beta(*var))
        if not -700.0 < d < 700.0:  # (no count can make such an uplift: a failed solve)
            return None
        ends.append(math.expm1(d))
    return ends[0], ends[1]


def clear_caches() -> None:
    """Forget the cached posterior tables and cumulants (benchmarks time a cold analysis)."""
    _log_beta.cache_clear()
    _cumulants.cache_clear()
