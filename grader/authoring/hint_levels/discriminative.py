"""Hint levels of notebook 01 (generative vs discriminative classifiers)."""

LEVELS = {
    "joint_table": (
        "The joint table gives the share of pairs with each combination of an x value and a y value. "
        "First find which row and which column each pair belongs to; the sorted distinct values of x "
        "and of y name the rows and the columns.",
        "Count the pairs that fall in each cell (row = position of x among the sorted x values, column "
        "= position of y among the sorted y values), then turn the counts into shares.",
        "p(x_i, y_j) = (number of pairs with x = x_i and y = y_j) / n, so the whole table sums to 1.",
    ),
    "conditional_table": (
        "p(y | x) looks only at the pairs with a given x: one row of the joint table at a time. Your "
        "joint table already has everything you need.",
        "By the definition p(y | x) = p(x, y) / p(x), and p(x) is the sum of the row of x in the joint "
        "table.",
        "p(y_j | x_i) = p(x_i, y_j) / Σ_j' p(x_i, y_j'): divide each row of the joint table by its own "
        "sum, so that every row sums to 1.",
    ),
    "fit_gaussian_classes": (
        "Maximum likelihood fits each class on its own: take the points of one class, fit a prior, a "
        "mean and a covariance to them, and repeat for the next class (in the order of the sorted "
        "labels).",
        "The prior is the class's share of the points; the mean is the average of its points; the "
        "covariance is the average outer product of the points' deviations from that class mean.",
        "P(c) = n_c / n, μ_c = (1/n_c) Σ_{i: y_i = c} x_i and Σ_c = (1/n_c) Σ_{i: y_i = c} "
        "(x_i − μ_c)(x_i − μ_c)ᵀ, dividing by n_c (not n_c − 1 and not n).",
    ),
    "gaussian_log_pdf": (
        "The log-density has three terms: the constant with 2π, the log-determinant, and the quadratic "
        "form (x − μ)ᵀ Σ⁻¹ (x − μ). Each can be computed from the Cholesky factor L of Σ, without ever "
        "inverting Σ.",
        "Solve L z = x − μ for all rows at once (put the deviations in the columns of the right-hand "
        "side); the quadratic form is then the squared length of z, and log det Σ = 2 Σ_i log L_ii.",
        "log N(x | μ, Σ) = −(D/2) log 2π − Σ_i log L_ii − ½ |z|², with Σ = L Lᵀ and L z = x − μ; one "
        "value per row of X.",
    ),
    "class_log_posterior": (
        "Bayes' rule in log space: first the log of prior × class density for every point and class, "
        "then normalise each point over the classes, still in logs.",
        "a_c = log P(c) + log p(x | c), from your gaussian_log_pdf and the model's priors. Far from both "
        "classes every a_c is very negative: never exponentiate them directly, use the logsumexp trick "
        "over the classes of each point.",
        "log P(c | x) = a_c − (m + log Σ_c' exp(a_c' − m)), with m = max_c a_c for that point.",
    ),
    "lrt_predict": (
        "Compare how much better class 1 explains x than class 0 (the likelihood ratio) with how much "
        "more common class 0 is than class 1 (the prior ratio). Work with logs.",
        "The data enter only through log p(x | c1) − log p(x | c0); the priors only through the "
        "threshold log P(c0) − log P(c1). The labels come from the model's classes, not 0 and 1.",
        "Predict classes[1] where log p(x | c1) − log p(x | c0) > log P(c0) − log P(c1), and classes[0] "
        "elsewhere.",
    ),
    "sample_classes": (
        "Run the generative story forward: first each new point's class, then its position. For the "
        "same numbers as the check, make the random draws in the order the notebook lists them, all "
        "from one generator seeded with random_state.",
        "Standard normal noise z has covariance I. Multiplying it by a matrix L with L Lᵀ = Σ_k (the "
        "Cholesky factor of the class's covariance) gives covariance Σ_k; adding μ_k moves the centre.",
        "k_i is drawn from the priors, z_i ~ N(0, I), and x_i = μ_(k_i) + L_(k_i) z_i with L_k Lᵀ_k = "
        "Σ_k; the labels are classes[k_i].",
    ),
    "fit_logistic_regression": (
        "Gradient descent: start at w = 0 and b = 0, and repeat exactly n_iter times: compute the "
        "predicted probabilities with the current w and b, then move both against the gradient.",
        "The gradient of the mean cross-entropy needs only the errors p_i − y_i: for w they are "
        "weighted by the features, for b they are simply averaged. Compute both from the same p before "
        "changing either.",
        "p = σ(X w + b); w ← w − η (1/n) Xᵀ (p − y); b ← b − η (1/n) Σ_i (p_i − y_i).",
    ),
    "map_estimate": (
        "MAP maximises the posterior: likelihood × prior. With a Beta(a, b) prior the posterior is "
        "again a Beta distribution; its highest point is the estimate.",
        "The posterior is Beta(k + a, n − k + b), proportional to θ^(k+a−1) (1 − θ)^(n−k+b−1). Set the "
        "derivative of its log to zero and solve for θ: the prior acts like a − 1 extra successes and "
        "b − 1 extra failures.",
        "θ_MAP = (k + a − 1) / (n + a + b − 2).",
    ),
}
