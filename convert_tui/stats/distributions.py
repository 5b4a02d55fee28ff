"""Distribution functions in pure Python: normal, Student t, chi-square, incomplete beta/gamma.

Only `math` and `decimal` are used so that importing `convert_tui.stats` stays cheap (no scipy/numpy
at runtime).
Accuracy targets are ~1e-12 relative for the CDFs over the ranges a report needs; the tests compare
every function with scipy.

Functions raise `ValueError` on arguments outside their domain (a probability outside (0, 1), a
non-positive degrees of freedom): callers in this package check their inputs first, so a report
never sees an exception from here.
"""

from __future__ import annotations

import decimal
import functools
import math

_SQRT2 = math.sqrt(2.0)
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_EPS = 1e-15
_TINY = 1e-300
_MAX_ITER = 100_000
# Above this many degrees of freedom the t distribution is the normal one to better than 1e-9.
_T_NORMAL_DF = 1e10
# From this a + b on, the incomplete beta continued fraction is evaluated in decimal arithmetic.
_PRECISE_BETA_SIZE = 1e3


_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)
_STIRLING_MIN = 10.0


def _stirling_correction(z: float) -> float:
    """lgamma(z) - [(z - 1/2) log z - z + log(2π)/2], for z >= 10 (error < 1e-12)."""
    z2 = z * z
    return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * z2)) / z2) / z2) / z


def log_beta(a: float, b: float) -> float:
    """log B(a, b) for a, b > 0.

    `lgamma(a) + lgamma(b) - lgamma(a + b)` loses ~1e-9 to cancellation when an argument is near
    10^6 (lgamma is then ~10^7); with large arguments the Stirling terms are combined first.
    """
    small, large = (a, b) if a <= b else (b, a)
    if large < _STIRLING_MIN:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    total = a + b
    corr = _stirling_correction(large) - _stirling_correction(total)
    if small < _STIRLING_MIN:
        # lgamma(large) - lgamma(total), expanded
        diff = -(large - 0.5) * math.log1p(small / large) - small * math.log(total) + small
        return math.lgamma(small) + diff + corr
    return (
        _HALF_LOG_2PI
        - (large - 0.5) * math.log1p(small / large)
        - (small - 0.5) * math.log1p(large / small)
        - 0.5 * math.log(total)
        + _stirling_correction(small)
        + corr
    )


# --- normal -------------------------------------------------------------------------------------


def normal_cdf(x: float) -> float:
    """P(Z <= x) for a standard normal Z (accurate in the lower tail)."""
    return 0.5 * math.erfc(-x / _SQRT2)


def normal_sf(x: float) -> float:
    """P(Z > x) for a standard normal Z (accurate in the upper tail)."""
    return 0.5 * math.erfc(x / _SQRT2)


def normal_pdf(x: float) -> float:
    return math.exp(-0.5 * x * x) / _SQRT_2PI


@functools.lru_cache(maxsize=256)  # the same few levels (alpha/2, power) over and over
def normal_ppf(p: float) -> float:
    """The standard normal quantile: x with P(Z <= x) = p, for 0 < p < 1.

    Starts from the rational approximation of Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4) and
    refines with Halley steps on the erfc-based CDF, which gives full double precision.
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"normal_ppf needs 0 < p < 1, got {p!r}")
    if p == 0.5:
        return 0.0
    # Work in the lower tail, where normal_cdf is accurate, and reflect.
    lower = min(p, 1.0 - p)
    t = math.sqrt(-2.0 * math.log(lower))
    num = 2.515517 + t * (0.802853 + t * 0.010328)
    den = 1.0 + t * (1.432788 + t * (0.189269 + t * 0.001308))
    x = -(t - num / den)
    for _ in range(4):
        err = normal_cdf(x) - lower
        u = err * _SQRT_2PI * math.exp(0.5 * x * x)
        step = u / (1.0 + 0.5 * x * u)
        x -= step
        if abs(step) <= 1e-15 * max(1.0, abs(x)):
            break
    return x if p < 0.5 else -x


# --- incomplete beta ----------------------------------------------------------------------------


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b) (modified Lentz), converging for x < (a+1)/(a+b+2)."""
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < _TINY:
        d = _TINY
    d = 1.0 / d
    h = d
    for m in range(1, _MAX_ITER + 1):
        m2 = 2 * m
        # even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m))
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        if abs(d) < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        h *= d * c
        # odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        if abs(d) < _TINY:
            d = _TINY
        c = 1.0 + aa / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def _beta_continued_fraction_precise(a: float, b: float, x: float, y: float) -> float:
    """`_beta_continued_fraction(a, b, x)` in 40-digit decimal arithmetic, with x = 1 - y exact.

    With a + b large and x near 1 (a Student t tail at df ~10^6 and more) the float recurrence loses
    ~(a + b) * 1e-16 relative to cancellation in its `1 + aa * d` steps; 40 digits absorb that.
    """
    with decimal.localcontext() as ctx:
        ctx.prec = 40
        one = decimal.Decimal(1)
        da, db = decimal.Decimal(a), decimal.Decimal(b)
        dx = one - decimal.Decimal(y) if y < x else decimal.Decimal(x)
        tiny, eps = decimal.Decimal(_TINY), decimal.Decimal("1e-17")
        qab, qap, qam = da + db, da + one, da - one
        c = one
        d = one - qab * dx / qap
        if abs(d) < tiny:
            d = tiny
        d = one / d
        h = d
        for m in range(1, _MAX_ITER + 1):
            m2 = 2 * m
            for aa in (
                m * (db - m) * dx / ((qam + m2) * (da + m2)),
                -(da + m) * (qab + m) * dx / ((da + m2) * (qap + m2)),
            ):
                d = one + aa * d
                if abs(d) < tiny:
                    d = tiny
                c = one + aa / c
                if abs(c) < tiny:
                    c = tiny
                d = one / d
                delta = d * c
                h *= delta
            if abs(delta - one) < eps:
                break
        return float(h)


def regularized_beta(a: float, b: float, x: float, y: float | None = None) -> float:
    """The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.

    `y` may pass 1 - x computed without cancellation (e.g. t²/(df + t²)) for accuracy near x = 1.
    """
    if a <= 0.0 or b <= 0.0:
        raise ValueError("regularized_beta needs a > 0 and b > 0")
    if y is None:
        y = 1.0 - x
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    # log x and log y from whichever of x, y is the smaller (exact) one: with a or b ~10^6 and more,
    # the rounding of log(x) for x near 1 is multiplied by a and would cost ~a * 1e-16 relative.
    log_x = math.log1p(-y) if y < 0.5 else math.log(x)
    log_y = math.log1p(-x) if x < 0.5 else math.log(y)
    log_front = a * log_x + b * log_y - log_beta(a, b)
    precise = a + b >= _PRECISE_BETA_SIZE
    if x < (a + 1.0) / (a + b + 2.0):
        fraction = (
            _beta_continued_fraction_precise(a, b, x, y)
            if precise
            else _beta_continued_fraction(a, b, x)
        )
        return math.exp(log_front) * fraction / a
    fraction = (
        _beta_continued_fraction_precise(b, a, y, x)
        if precise
        else _beta_continued_fraction(b, a, y)
    )
    return 1.0 - math.exp(log_front) * fraction / b


# --- Student t ----------------------------------------------------------------------------------


def _check_df(df: float) -> None:
    if not df > 0.0 or math.isnan(df):
        raise ValueError(f"degrees of freedom must be > 0, got {df!r}")


# Taylor coefficients of (sinh(v/2) / (v/2))^(-1/2) in powers of v² (exact rationals; the tests
# recompute them from the Bernoulli numbers).
_T_TAIL_COEFFS = (
    1.0,
    -1 / 48,
    1 / 2560,
    -61 / 7741440,
    1261 / 7431782400,
    -79 / 20761804800,
    66643 / 761775532277760,
    -16820653 / 8227175748599808000,
    3745813 / 77499283242221568000,
    -1975649524361 / 1714327544916556728238080000,
    19259487248923 / 696280725935339963469004800000,
)
# From this many degrees of freedom the t tail uses `_t_two_sided_expansion`.
_T_EXPANSION_DF = 2.0 * _PRECISE_BETA_SIZE


def _t_two_sided_expansion(ratio: float, df: float) -> float | None:
    """P(|T| >= t) = I_x(df/2, 1/2), x = 1 / (1 + ratio), ratio = t²/df, for large df.

    With s = e^-v in the beta integral and T = df/2 - 1/4 it becomes
    ∫_{v0}^∞ e^{-Tv} v^{-1/2} f(v) dv / B(df/2, 1/2), v0 = log(1 + ratio),
    f(v) = (sinh(v/2) / (v/2))^(-1/2) = Σ c_n v^{2n}; term by term,
    P = Σ c_n Γ(1/2 + 2n, T v0) / T^(1/2 + 2n) / B(df/2, 1/2). Every piece is a sum of
    positive terms or a correction below 1e-6 of the first one, so the result keeps full double
    precision at any df (where the continued fraction loses ~df * 1e-16), at a few microseconds
    instead of the decimal evaluation's ~150. None outside the range it is used for (a tail
    below ~1e-200, or t² beyond 1.7 df: both far past any p-value a report shows).
    """
    v0 = math.log1p(ratio)
    big_t = 0.5 * df - 0.25
    z = big_t * v0
    if v0 > 1.0 or z > 450.0:
        return None
    # Γ(s, z) from s = 1/2 up, by Γ(s + 1, z) = s Γ(s, z) + z^s e^-z (all terms positive).
    gamma_s = math.sqrt(math.pi) * math.erfc(math.sqrt(z))
    power = math.sqrt(z) * math.exp(-z)  # z^s e^-z
    s = 0.5
    inv_t2 = 1.0 / (big_t * big_t)
    scale, total = 1.0, gamma_s
    for coeff in _T_TAIL_COEFFS[1:]:
        for _ in range(2):
            gamma_s = s * gamma_s + power
            power *= z
            s += 1.0
        scale *= inv_t2
        term = coeff * gamma_s * scale
        total += term
        if abs(term) <= 1e-17 * total:
            break
    log_p = math.log(total) - 0.5 * math.log(big_t) - log_beta(0.5 * df, 0.5)
    return min(1.0, math.exp(log_p))


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with `df` degrees of freedom (df may be fractional)."""
    _check_df(df)
    ratio = t * t / df
    if df >= _T_EXPANSION_DF and not math.isinf(df):
        expanded = _t_two_sided_expansion(ratio, df)
        if expanded is not None:
            return expanded
    if math.isinf(df) or df > _T_NORMAL_DF:
        return min(1.0, 2.0 * normal_sf(abs(t)))
    # x = df / (df + t²), y = 1 - x, both without cancellation.
    x = 1.0 / (1.0 + ratio)
    y = ratio / (1.0 + ratio)
    return regularized_beta(0.5 * df, 0.5, x, y)


def t_sf(t: float, df: float) -> float:
    """P(T > t)."""
    half = 0.5 * t_two_sided_p(t, df)
    return half if t >= 0.0 else 1.0 - half


def t_cdf(t: float, df: float) -> float:
    """P(T <= t)."""
    half = 0.5 * t_two_sided_p(t, df)
    return 1.0 - half if t >= 0.0 else half


def t_pdf(t: float, df: float) -> float:
    _check_df(df)
    if math.isinf(df) or df > _T_NORMAL_DF:
        return normal_pdf(t)
    log_norm = math.lgamma(0.5 * (df + 1.0)) - math.lgamma(0.5 * df) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - 0.5 * (df + 1.0) * math.log1p(t * t / df))


def t_ppf(p: float, df: float) -> float:
    """The Student t quantile: t with P(T <= t) = p, for 0 < p < 1 and df > 0.

    A Cornish-Fisher start from the normal quantile, then safeguarded Newton steps on the upper
    tail probability (bisection on a bracket whenever Newton would leave it).
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"t_ppf needs 0 < p < 1, got {p!r}")
    _check_df(df)
    if p == 0.5:
        return 0.0
    if math.isinf(df) or df > _T_NORMAL_DF:
        return normal_ppf(p)
    # Solve for the upper tail q = P(T > x) with x > 0, then reflect.
    q = min(p, 1.0 - p)
    z = -normal_ppf(q)
    z3 = z**3
    x = z + (z3 + z) / (4.0 * df) + (5.0 * z**5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
    lo, hi = 0.0, math.inf
    for _ in range(200):
        tail = 0.5 * t_two_sided_p(x, df)
        diff = tail - q
        if diff > 0.0:  # tail too big: x too small
            lo = x
        else:
            hi = x
        if abs(diff) <= 1e-14 * q:
            break
        dens = t_pdf(x, df)
        candidate = x + diff / dens if dens > 0.0 else math.nan
        if not lo < candidate < hi or math.isnan(candidate):
            candidate = 0.5 * (lo + hi) if math.isfinite(hi) else 2.0 * max(x, 1.0)
        if abs(candidate - x) <= 1e-15 * max(1.0, abs(x)):
            x = candidate
            break
        x = candidate
    return x if p > 0.5 else -x
