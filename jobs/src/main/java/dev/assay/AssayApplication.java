package dev.assay;

import dev.assay.cli.AssayCli;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The assay application; {@link #main} hands the command line to {@link AssayCli}. */
@SpringBootApplication
public class AssayApplication {

	public static void main(String[] args) {
		System.exit(AssayCli.execute(args));
	}

}
