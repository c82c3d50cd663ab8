/** Test fixtures shared by modules; used in test scope only. */
package dev.mosaic.testsupport;
