"""Hint levels of notebook 04 (the EM algorithm, derived and checked with numbers)."""

LEVELS = {
    "posterior": (
        "Bayes' rule, one point at a time: the joint p(x_n | z = k) p(z = k), normalised over the "
        "components. The denominator p(x_n) is the same for every k of that point.",
        "Multiply each row of the likelihood by the prior (broadcast over the points), then divide "
        "each row by its own sum, so that every row sums to 1.",
        "p(z_n = k | x_n) = p(x_n | k) π_k / Σ_j p(x_n | j) π_j.",
    ),
    "complete_log_likelihood": (
        "With z known, each point contributes only the term of its own component z_n: the log of "
        "picking that component plus the log-density of x_n under it. There is no sum over k inside a "
        "log.",
        "Look up each point's weight, mean and variance by its label z_n, compute log π_(z_n) + log "
        "N(x_n | μ_(z_n), σ²_(z_n)) with the 1-D log-density written out, and add over the points.",
        "log p(x, z | θ) = Σ_n [log π_(z_n) − ½ log(2π σ²_(z_n)) − (x_n − μ_(z_n))² / (2σ²_(z_n))].",
    ),
    "m_step": (
        "The indicator formulas of section 2, with each indicator 1(z_n = k) replaced by the "
        "responsibility r_nk: every point counts r_nk towards component k.",
        "The count of component k becomes N_k, the column sum of the responsibilities. The weight is "
        "its share of N; the mean and variance are averages weighted by r_nk and divided by N_k, the "
        "variance around the new mean.",
        "N_k = Σ_n r_nk, π_k = N_k / N, μ_k = (1/N_k) Σ_n r_nk x_n, σ²_k = (1/N_k) Σ_n r_nk (x_n − μ_k)².",
    ),
    "expected_complete_log_likelihood": (
        "Q is the complete-data log-likelihood with the indicators replaced by their expectations, the "
        "responsibilities: a sum over every point and every component, each term weighted by r_nk.",
        "Build the (n, K) matrix of log π_k + log N(x_n | μ_k, σ²_k) (the helper log_joint gives "
        "exactly this), weight it entry by entry with the responsibilities, and add everything up.",
        "Q = Σ_n Σ_k r_nk [log π_k + log N(x_n | μ_k, σ²_k)], a single float.",
    ),
    "numerical_gradient": (
        "A central difference moves one parameter at a time, up and down by h, with all the others "
        "fixed, and compares the two values of Q. Do it for every weight, every mean and every variance.",
        "Copy the three arrays before moving an entry (the caller's arrays must not change); evaluate "
        "your expected_complete_log_likelihood at θ + h e_i and θ − h e_i; the two points are 2h "
        "apart.",
        "∂Q/∂θ_i ≈ (Q(θ + h e_i) − Q(θ − h e_i)) / (2h), for each entry i of the weights, the means and "
        "the variances: three arrays of shape (K,).",
    ),
    "elbo": (
        "The bound has two parts: the expected log-joint under q, and the entropy of q (which is never "
        "negative). Where q is 0, the limit of q log q is 0.",
        "Add q_nk (log p(x_n, k | θ) − log q_nk) over every entry with q_nk > 0, and skip the entries "
        "where q_nk = 0: never pass a 0 to the log, since 0 times −inf is nan.",
        "L(q, θ) = Σ_n Σ_k q_nk [log p(x_n, k | θ) − log q_nk], the terms with q_nk = 0 counted as 0.",
    ),
    "hard_assign": (
        "Hard EM gives each point wholly to its most probable component: the posterior's mode. The "
        "score of component k is the log-joint, which includes the prior and all of the log-density.",
        "Score every point and component with the helper log_joint, take for each point (each row) the "
        "component with the highest score, and turn those labels into one-hot rows of length K.",
        "z_n = argmax_k [log π_k + log N(x_n | μ_k, σ²_k)], and the answer has a 1 at (n, z_n) and 0 "
        "elsewhere, shape (n, K).",
    ),
}
