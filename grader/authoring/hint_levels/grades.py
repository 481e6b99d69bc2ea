"""Hint levels of notebook 05 (the grades θ exercise)."""

LEVELS = {
    "mle_theta": (
        "Write the log-likelihood of the three counts and keep only the terms that depend on θ: the A's "
        "drop out. The maximum is where its derivative in θ is zero.",
        "The derivative is −n_B / (½ − θ) + n_C / θ. Set it to zero and multiply by θ (½ − θ): the "
        "equation becomes linear, n_C (½ − θ) = n_B θ; collect the θ terms.",
        "θ̂ = n_C / (2 (n_B + n_C)).",
    ),
    "e_step": (
        "Among the students with an A or a B, what share has a B? It is a conditional probability: "
        "P(B) renormalised over the two grades that are still possible.",
        "P(B | A or B) = P(B) / (P(A) + P(B)), with P(A) = ½ and P(B) = ½ − θ. The expected count is that "
        "share of the n_AB students.",
        "E[n_B] = n_AB (½ − θ) / (1 − θ).",
    ),
    "m_step": (
        "The expected complete-data log-likelihood has the same shape as the complete one of Exercise 1: "
        "the same maximiser, with the expected number of B's where the count of B's was.",
        "Take your answer to Exercise 1 and replace n_B by n_b_expected; the A's still do not matter.",
        "θ_new = n_C / (2 (E[n_B] + n_C)).",
    ),
    "observed_log_likelihood": (
        "Each student was seen as either a C or 'an A or a B': two outcomes, with probabilities θ and "
        "1 − θ. Add up the log-probability of what was seen.",
        "n_C students contribute log θ each and the other n − n_C contribute log(1 − θ). When n_C = 0 "
        "the first term is 0·log θ, which is 0 even at θ = 0: do not compute it then.",
        "log L_obs(θ) = n_C log θ + (n − n_C) log(1 − θ), with the first term 0 when n_C = 0.",
    ),
    "run_em": (
        "Keep every θ in a list that starts with theta0; one iteration is an E-step followed by an "
        "M-step, using the newest θ.",
        "The E-step needs the number of A-or-B students, n − n_c; the M-step turns its expected count "
        "back into a θ. After n_iter iterations the list has n_iter + 1 values.",
        "θ_(t+1) is the M-step of the E-step of θ_t (with n − n_c students and n_c C's), for t = 0 … "
        "n_iter − 1; the answer is the array θ_0, θ_1, …, θ_(n_iter).",
    ),
}
