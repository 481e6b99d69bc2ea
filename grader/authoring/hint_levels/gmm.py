"""Hint levels of notebook 03 (Gaussian mixtures in 1-D and 2-D, fitted by EM)."""

LEVELS = {
    "gaussian_pdf": (
        "The density is a normalising constant times an exponential of the squared distance to the "
        "mean, measured in units of the variance. The argument var is already σ².",
        "The exponent is minus the squared deviation divided by twice the variance; the constant in "
        "front makes the curve integrate to 1 and has a square root in it. Work on the whole array x "
        "at once.",
        "N(x | μ, σ²) = exp(−(x − μ)² / (2σ²)) / √(2π σ²), with σ² = var.",
    ),
    "fit_gaussian_mle": (
        "Setting the derivatives of the log-likelihood to zero gives two closed forms: the mean first, "
        "then the variance around that mean.",
        "The mean is the average of the data; the variance is the average squared deviation from it, "
        "an average over all N points (the maximum-likelihood estimate, not the unbiased one).",
        "μ̂ = (1/N) Σ_n x_n and σ̂² = (1/N) Σ_n (x_n − μ̂)².",
    ),
    "mixture_pdf": (
        "A mixture density is a weighted sum: each component's Gaussian density at x, times its "
        "weight, added over the K components. Your gaussian_pdf gives each term.",
        "Loop over the components (K is small) and add π_k times the k-th density to a running total "
        "of the same shape as x; the weights sum to 1, so the total is a density.",
        "p(x) = Σ_k π_k N(x | μ_k, σ_k²).",
    ),
    "sample_gmm": (
        "Follow the generative story for every sample: first its component, then its value from that "
        "component's Gaussian. Every random number comes from one generator seeded with random_state.",
        "Draw all n_samples components at once with probabilities π, then one standard normal draw "
        "per sample; scale it by its component's standard deviation (the square root of the variance) "
        "and shift it by its mean.",
        "z_n ~ Categorical(π_1, …, π_K) and x_n = μ_(z_n) + σ_(z_n) ε_n with ε_n ~ N(0, 1) and σ_k = "
        "√(variance_k).",
    ),
    "e_step": (
        "The responsibility r_nk is Bayes' rule: prior π_k times the component's density at x_n, "
        "normalised over the components of that point, so each row sums to 1. Do it in log space: the "
        "hidden check has a point 40σ from every component.",
        "Compute a_nk = log π_k + log N(x_n | μ_k, σ_k²) with the log-density written out (all its terms: "
        "they differ between components), subtract each row's maximum, exponentiate, and divide each "
        "row by its sum.",
        "r_nk = exp(a_nk − m_n) / Σ_j exp(a_nj − m_n), with a_nk = log π_k − ½ log(2π σ_k²) − (x_n − "
        "μ_k)² / (2σ_k²) and m_n = max_k a_nk.",
    ),
    "m_step": (
        "Treat the responsibilities as fractional labels and redo the labelled-case maximum likelihood: "
        "each point counts r_nk towards component k.",
        "First the effective counts N_k (the column sums of the responsibilities); the weights are "
        "their shares of N; the means and variances are responsibility-weighted averages divided by "
        "N_k, the variances around the new means.",
        "N_k = Σ_n r_nk, π_k = N_k / N, μ_k = (1/N_k) Σ_n r_nk x_n, σ_k² = (1/N_k) Σ_n r_nk (x_n − μ_k)².",
    ),
    "log_likelihood": (
        "Each point's likelihood is the mixture density at that point; the log-likelihood is the sum "
        "of their logs over all points. The log belongs outside the sum over components.",
        "For each point, combine a_nk = log π_k + log N(x_n | μ_k, σ_k²) over k with the logsumexp "
        "trick (a far point would underflow otherwise), then add the points up: a single float, the "
        "total, not the mean.",
        "log L = Σ_n [m_n + log Σ_k exp(a_nk − m_n)], with m_n = max_k a_nk.",
    ),
    "run_em": (
        "Alternate your E-step and M-step n_iter times, each iteration starting from the parameters "
        "the previous one produced, and record the log-likelihood as you go.",
        "Record the log-likelihood of the starting parameters before the first iteration, and then "
        "once after each M-step: n_iter + 1 values in all. Each E-step uses the newest parameters.",
        "For t = 1 … n_iter: r = E-step(θ_(t−1)), θ_t = M-step(r); the answer is θ_(n_iter) and the "
        "log-likelihoods of θ_0, θ_1, …, θ_(n_iter).",
    ),
    "mvn_logpdf": (
        "Three terms: the constant with 2π (times the dimension), the log-determinant, and the quadratic "
        "form (x − μ)ᵀ Σ⁻¹ (x − μ). The Cholesky factor L of Σ gives the last two without inverting Σ.",
        "Solve L y = x − μ for every row at once (the deviations as the columns of the right-hand side); "
        "the quadratic form is the squared length of y, and log det Σ = 2 Σ_i log L_ii.",
        "log N(x | μ, Σ) = −½ (D log 2π + 2 Σ_i log L_ii + |y|²), with Σ = L Lᵀ and L y = x − μ.",
    ),
    "e_step_full": (
        "The same Bayes' rule as in 1-D, with D-dimensional Gaussians: prior times density, normalised "
        "over the components of each point, in log space.",
        "Fill an (n, K) array with a_nk = log π_k + your mvn_logpdf of all points under component k "
        "(one column per component); then subtract each row's maximum, exponentiate and normalise each "
        "row.",
        "r_nk = exp(a_nk − m_n) / Σ_j exp(a_nj − m_n), with a_nk = log π_k + log N(x_n | μ_k, Σ_k) and "
        "m_n = max_k a_nk.",
    ),
    "m_step_full": (
        "The 1-D M-step with vectors: effective counts, weights, weighted means, and a "
        "responsibility-weighted average of outer products in place of squared deviations.",
        "N_k and the weights as in 1-D; the means are weighted averages of the rows of X; for component "
        "k, weight each outer product of a point's deviation from the new μ_k by r_nk, add them up and "
        "divide by N_k.",
        "N_k = Σ_n r_nk, π_k = N_k / N, μ_k = (1/N_k) Σ_n r_nk x_n and Σ_k = (1/N_k) Σ_n r_nk (x_n − "
        "μ_k)(x_n − μ_k)ᵀ.",
    ),
    "split_widest": (
        "Two decisions: which component to split (wide along its main direction and responsible for "
        "many points), and where its two halves go (half a standard deviation each way along that "
        "direction).",
        "The eigen-decomposition of every covariance gives each component's largest eigenvalue λ_k and "
        "its unit eigenvector v_k (mind the order the eigenvalues come in, and that eigenvectors are "
        "columns). Pick j with the largest π_k λ_k; the split keeps Σ_j for both halves and shares "
        "π_j equally.",
        "μ_j becomes μ_j − ½ √λ_j v_j and the appended copy has μ_j + ½ √λ_j v_j; both have Σ_j and "
        "weight π_j / 2, and the other components are unchanged (K + 1 in all).",
    ),
    "n_parameters": (
        "Count the free parameters of each kind: the means, the covariances and the weights. Free means "
        "not fixed by a constraint.",
        "A mean has D numbers. A covariance matrix is symmetric, so only its diagonal and the entries "
        "on one side of it are free. The K weights sum to 1, so the last one is fixed by the others.",
        "t = K D + K D (D + 1) / 2 + (K − 1).",
    ),
    "bic": (
        "BIC trades fit against size: a term for the fit, from the log-likelihood, and a penalty for "
        "every free parameter that grows with the amount of data. Smaller is better.",
        "The fit term is the log-likelihood times −2; each of the t free parameters (your n_parameters) "
        "costs log n, with n the number of samples.",
        "BIC = −2 log L + t log n, with t = K D + K D (D + 1) / 2 + (K − 1).",
    ),
}
