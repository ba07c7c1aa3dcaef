/**
 * Cohorts on Apache Spark ({@link org.chondroj.spark.SparkBatch}): the batch of {@code org.chondroj.batch} with one
 * task per scan and per pair, outputs through the Hadoop FileSystem API, the same tables, report and pseudonyms as the
 * local batch, resumable from the tasks' traces. Spark is a {@code provided} dependency: the cluster (or
 * {@code SPARK_HOME/jars}) has it.
 */
package org.chondroj.spark;
