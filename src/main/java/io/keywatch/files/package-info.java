/**
 * How KeyWatch makes its own folders on disk: private to the user ({@code 0700} on POSIX). A leaf:
 * it depends on nothing of KeyWatch, so the softkey db, the platform's single-instance lock, logging
 * and diagnostics all make their folders the same way.
 */
package io.keywatch.files;
