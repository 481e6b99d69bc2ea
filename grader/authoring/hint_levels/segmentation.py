"""Hint levels of notebook 06 (image segmentation with a Gaussian mixture)."""

LEVELS = {
    "image_to_features": (
        "Two things: the shape, one row per pixel and one column per channel, in the order the pixels "
        "lie in memory (row by row); and the scale, colours in [0, 1] as floats.",
        "The three channel values of a pixel are next to each other in memory, so a reshape that keeps "
        "the last axis of length 3 puts pixel (i, j) at row i W + j. Divide by 255 only when the image "
        "holds integers; a float image is already on the [0, 1] scale.",
        "X has shape (H W, 3), row i W + j = (r, g, b) of pixel (i, j), divided by 255 for an integer "
        "image, as floats.",
    ),
    "e_step": (
        "Each pixel's responsibilities are Bayes' rule, as in notebook 03: prior times density, "
        "normalised over the K components so that each row sums to 1, computed in log space. For "
        "speed, loop over the components if you like, never over the pixels.",
        "For component k: the Cholesky factor L of Σ_k; the deviations of all pixels from μ_k in one "
        "subtraction; one solve with L for all of them (the deviations as the columns of the "
        "right-hand side); the quadratic forms are the squared lengths of the solution's columns, and "
        "log det Σ_k = 2 Σ_i log L_ii. Then subtract each row's maximum, exponentiate and normalise "
        "each row.",
        "a_nk = log π_k − ½ (D log 2π + log det Σ_k + |y_nk|²) with L_k y_nk = x_n − μ_k, and r_nk = "
        "exp(a_nk − m_n) / Σ_j exp(a_nj − m_n) with m_n = max_k a_nk.",
    ),
    "m_step": (
        "Treat the responsibilities as fractional labels: every pixel counts r_nk towards segment k. "
        "Compute the effective counts first; everything else is an average weighted by r_nk and "
        "divided by them. Add the floor at the end.",
        "All the weighted sums of the pixels are one matrix product (responsibilities transposed "
        "times X). For the covariance of segment k, scale each pixel's deviation from the new μ_k by "
        "its responsibility before multiplying by the deviations, divide by N_k, and add reg_covar to "
        "the diagonal.",
        "N_k = Σ_n r_nk, π_k = N_k / N, μ_k = (1/N_k) Σ_n r_nk x_n and Σ_k = (1/N_k) Σ_n r_nk (x_n − "
        "μ_k)(x_n − μ_k)ᵀ + ε I, with ε = reg_covar.",
    ),
    "labels_to_image": (
        "Two steps: each pixel's label is its most responsible component; then the labels go back into "
        "the shape of the image, undoing image_to_features.",
        "Take the largest responsibility of each row (over the K components, not over the pixels); "
        "the rows are in row-major order, so a reshape to (height, width) puts every label back at "
        "its pixel.",
        "label(i, j) = argmax_k r_nk for the pixel n = i W + j, an integer image of shape (height, "
        "width).",
    ),
    "recolour": (
        "Each pixel takes the colour of its segment: a look-up of row label(i, j) in the means, keeping "
        "only the colour part of each mean.",
        "The colour is the first three columns of each mean (with rgbxy features the last two are a "
        "position). Indexing an array of K colours with the whole (H, W) label image at once gives an "
        "(H, W, 3) image, without a loop.",
        "image(i, j) = (r, g, b) of μ_(label(i, j)): the first three entries of the mean of the pixel's "
        "segment, on the 0–1 scale, shape (H, W, 3).",
    ),
    "log_likelihood": (
        "The same numbers as in your E-step, a_nk = log π_k + log N(x_n | μ_k, Σ_k), combined "
        "differently: the log of each pixel's mixture density, added over all pixels.",
        "Use the logsumexp trick over the components of each pixel (a far pixel would underflow "
        "otherwise), with the same vectorised computation of a as in the E-step, then sum over the "
        "pixels: the total, one float.",
        "log L = Σ_n [m_n + log Σ_k exp(a_nk − m_n)], with m_n = max_k a_nk.",
    ),
}
